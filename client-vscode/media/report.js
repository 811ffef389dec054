// aidecay report view: posts the user's choices back to the extension. No network access.
(function () {
  const vscode = acquireVsCodeApi();
  const select = document.getElementById('region');
  if (select) {
    select.addEventListener('change', function () {
      vscode.postMessage({ type: 'selectRegion', id: select.value });
    });
  }
  document.querySelectorAll('button[data-command]').forEach(function (button) {
    button.addEventListener('click', function () {
      vscode.postMessage({ type: 'command', command: button.getAttribute('data-command') });
    });
  });
  const refresh = document.getElementById('refresh');
  if (refresh) {
    refresh.addEventListener('click', function () {
      vscode.postMessage({ type: 'refresh' });
    });
  }
})();
