"""The report's inline stylesheet."""

STYLE = """
:root { --ink:#111827; --muted:#6b7280; --line:#e5e7eb; --bg:#f4f5f8; --card:#fff;
  --accent:#4f46e5; }
* { box-sizing:border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font:15px/1.45 -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Helvetica, Arial, sans-serif; }
main { max-width:1220px; margin:0 auto; padding:32px 28px 48px; }
header { display:flex; align-items:flex-end; justify-content:space-between; margin-bottom:22px;
  border-bottom:3px solid var(--accent); padding-bottom:14px; }
h1 { margin:0; font-size:28px; letter-spacing:-0.02em; }
h2 { margin:0 0 2px; font-size:16px; }
.sub { margin:2px 0 12px; color:var(--muted); font-size:13px; }
.kpis { display:grid; grid-template-columns:repeat(5, 1fr); gap:14px; margin-bottom:18px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:12px; padding:16px 18px;
  box-shadow:0 1px 2px rgba(16,24,40,.05); }
.kpi-label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.06em; }
.kpi-value { font-size:26px; font-weight:700; margin:4px 0 2px; }
.kpi-note { color:var(--muted); font-size:12px; }
.panels { display:grid; grid-template-columns:repeat(2, minmax(0, 1fr)); gap:18px;
  margin-bottom:18px; }
.chart { width:100%; height:auto; display:block; }
.chart .gridline { stroke:#eef0f3; stroke-width:1; }
.chart .tick, .chart .legend, .chart .value { fill:#6b7280; font-size:11px;
  font-family:inherit; }
.chart .value { fill:#374151; font-weight:600; }
.chart .line { stroke-width:2.4; stroke-linejoin:round; stroke-linecap:round; }
.chart .empty { fill:#9ca3af; font-size:14px; }
.chart .empty-box { fill:#fafafa; stroke:#e5e7eb; stroke-dasharray:4 4; }
table { width:100%; border-collapse:collapse; font-size:13px; margin-top:8px; }
th { text-align:left; color:var(--muted); font-weight:600; border-bottom:1px solid var(--line);
  padding:6px 8px; }
td { padding:6px 8px; border-bottom:1px solid #f1f2f4; font-variant-numeric:tabular-nums; }
td:first-child { font-family:ui-monospace, "DejaVu Sans Mono", monospace; font-size:12px; }
.muted { color:var(--muted); font-style:italic; }
.sections { display:grid; gap:18px; margin-bottom:18px; }
.empty-state ol { margin:8px 0 12px 20px; padding:0; line-height:1.7; }
code { font-family:ui-monospace, "DejaVu Sans Mono", monospace; font-size:12.5px;
  background:#f3f4f6; padding:1px 5px; border-radius:4px; }
footer { color:var(--muted); font-size:12px; text-align:center; margin-top:8px; }
@media (max-width: 900px) { .panels, .kpis { grid-template-columns:1fr; } }
@media print { body { background:#fff; } .card { box-shadow:none; } }
"""
