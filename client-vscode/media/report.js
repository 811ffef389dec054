// aidecay report view: posts the user's choices back to the extension. No network access.
(function () {
  const vscode = acquireVsCodeApi();
  const select = document.getElementById('region');
  if (select) {
    select.addEventListener('change', function () {
      vscode.postMessage({ type: 'selectRegion', id: select.value });
    });
  }
  const refresh = document.getElementById('refresh');
  if (refresh) {
    refresh.addEventListener('click', function () {
      vscode.postMessage({ type: 'refresh' });
    });
  }
})();
