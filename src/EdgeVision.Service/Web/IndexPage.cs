namespace EdgeVision.Service.Web;

/// <summary>The single live-view page: annotated image, counters, GPIO state and recent results, refreshed by polling the API.</summary>
public static class IndexPage
{
    /// <summary>The page's HTML (self-contained: no external scripts, fonts or styles).</summary>
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>EdgeVision</title>
<style>
 body { font-family: system-ui, sans-serif; margin: 0; background: #111; color: #eee; }
 header { padding: 8px 16px; background: #222; display: flex; gap: 24px; align-items: baseline; }
 main { display: flex; gap: 16px; padding: 16px; flex-wrap: wrap; }
 img { max-width: 100%; width: 960px; background: #000; }
 .pass { color: #4c4; } .fail { color: #e44; }
 table { border-collapse: collapse; font-size: 13px; }
 td, th { padding: 2px 8px; text-align: left; border-bottom: 1px solid #333; }
 .big { font-size: 28px; font-weight: bold; }
</style>
</head>
<body>
<header><span class="big">EdgeVision</span><span id="device"></span><span id="mqtt"></span></header>
<main>
 <section><img id="frame" alt="latest inspected frame"></section>
 <section>
  <div id="counters"></div>
  <div id="gpio"></div>
  <h3>Last results</h3>
  <table><thead><tr><th>#</th><th>camera</th><th>verdict</th><th>reasons</th><th>ms</th></tr></thead><tbody id="results"></tbody></table>
 </section>
</main>
<script>
let camera = null;
async function refresh() {
  try {
    const stats = await (await fetch('/api/stats')).json();
    document.getElementById('device').textContent = 'station ' + stats.device;
    const m = stats.mqtt;
    document.getElementById('mqtt').textContent = 'MQTT ' + (m.connected ? 'connected' : m.state) + ', published ' + m.published
      + ', backlog ' + m.backlog + ', reconnects ' + m.reconnects + (m.dropped > 0 ? ', dropped ' + m.dropped : '')
      + (!m.connected && m.lastError ? ' (' + m.lastError + ')' : '');
    const counters = document.getElementById('counters');
    counters.replaceChildren();
    for (const c of stats.cameras) {
      camera = camera || c.name;
      const total = c.passed + c.failed;
      const div = document.createElement('div');
      div.className = 'camera';
      div.dataset.camera = c.name;
      div.innerHTML = `<h3>${c.name}</h3><div class="big"><span class="pass" data-passed>${c.passed}</span> / <span class="fail" data-failed>${c.failed}</span></div>` +
        `<div>yield ${total ? (100 * c.passed / total).toFixed(1) : '-'} %, captured ${c.captured}, dropped ${c.dropped}</div>`;
      counters.appendChild(div);
    }
    const g = stats.gpio || {};
    let gpio = `<h3>GPIO</h3><div>tower <span data-tower>${g.tower || '-'}</span>, triggers ${g.triggers ?? 0} (refused ${g.refusedTriggers ?? 0}), reject pulses ${stats.rejectPulses}</div>`;
    if (g.encoder) gpio += `<div>encoder ${g.encoder.count} counts (${g.encoder.mm} mm), errors ${g.encoder.errors}</div>`;
    if (g.rejectQueue) {
      const q = g.rejectQueue;
      gpio += `<div data-queue>reject queue (${q.mode}): depth ${q.depth}, rejects ${q.rejects}, fail-safes <span class="${q.failSafes ? 'fail' : ''}">${q.failSafes}</span>, late ${q.lateResults}, overflows ${q.overflows}; ` +
        `timing error p50 ${q.timingErrorP50.toFixed(1)} / p99 ${q.timingErrorP99.toFixed(1)} / max ${q.timingErrorMax.toFixed(1)} ${q.timingErrorUnit}</div>`;
    }
    document.getElementById('gpio').innerHTML = gpio;
    const results = await (await fetch('/api/results')).json();
    const body = document.getElementById('results');
    body.replaceChildren();
    for (const r of results) {
      const tr = document.createElement('tr');
      tr.innerHTML = `<td>${r.seq}</td><td>${r.camera}</td><td class="${r.verdict}">${r.verdict}</td><td>${r.reasons.join(' ')}</td><td>${r.timings.total}</td>`;
      body.appendChild(tr);
    }
    if (camera) document.getElementById('frame').src = `/api/cameras/${camera}/frame.jpg?t=${Date.now()}`;
  } catch (e) { document.getElementById('mqtt').textContent = 'service unreachable'; }
}
refresh();
setInterval(refresh, 500);
</script>
</body>
</html>
""";
}
