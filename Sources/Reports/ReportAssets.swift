/// The stylesheet and script shared by the static reports and the live dashboard, inlined into
/// every page (the pages load nothing from the network).
enum ReportAssets {
    /// Light theme by default, dark under `prefers-color-scheme: dark`; text colours meet WCAG AA
    /// contrast (4.5:1) against their backgrounds in both.
    static let css = """
    :root{--bg:#f6f7f9;--card:#ffffff;--fg:#17202b;--muted:#4b5563;--line:#d6dae1;--grid:#e8ebf0;
    --accent:#1d4ed8;--good:#15803d;--warn:#a16207;--bad:#b91c1c;--a:#94a3b8;--b:#1d4ed8;--chip:#eef1f5;
    --focus:#f59e0b;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
    @media (prefers-color-scheme:dark){:root{--bg:#0f141a;--card:#182029;--fg:#e8edf2;--muted:#a9b4c0;
    --line:#33404d;--grid:#25303b;--accent:#7aa7ff;--good:#4ade80;--warn:#facc15;--bad:#f87171;--a:#64748b;
    --b:#7aa7ff;--chip:#223040}}
    *{box-sizing:border-box}
    body{margin:0;background:var(--bg);color:var(--fg);font-size:15px;line-height:1.45}
    header.top{background:var(--card);border-bottom:1px solid var(--line);padding:18px 24px}
    header.top h1{margin:0 0 4px;font-size:1.5rem}
    header.top p{margin:0 0 10px;color:var(--muted);max-width:70ch}
    main{max-width:1240px;margin:0 auto;padding:16px 20px 48px}
    h2{font-size:1.15rem;margin:0 0 6px}
    h3{font-size:1rem;margin:0 0 4px}
    .chips{display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:0;list-style:none}
    .chips li{background:var(--chip);border-radius:999px;padding:2px 10px;font-size:.85rem}
    .chips b{font-weight:600}
    .kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:16px 0}
    .kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
    .kpi .k{color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
    .kpi .v{font-size:1.35rem;font-weight:650;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
    .kpi .v.text{font-size:1.1rem;overflow-wrap:break-word;hyphens:auto}
    .kpi .s{color:var(--muted);font-size:.8rem}
    .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:16px;margin:16px 0}
    .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;min-width:0;overflow-x:auto}
    .card>p.help,.help{color:var(--muted);font-size:.85rem;margin:0 0 8px}
    section{margin:20px 0}
    svg.chart{display:block;width:100%;min-width:500px;height:auto;font-size:12px}
    svg text{fill:var(--fg)}
    svg .tick,svg .axis-label,svg .rule-label{fill:var(--muted);font-size:11px}
    svg .grid{stroke:var(--grid);stroke-width:1}
    svg .axis{stroke:var(--muted);stroke-width:1}
    svg .rule{stroke:var(--bad);stroke-width:1.2;stroke-dasharray:5 4}
    svg .series.muted{opacity:.45}
    svg .series.dim{opacity:.12}
    svg .series.hl polyline{stroke-width:3.5}
    svg rect.a{fill:var(--a)} svg rect.b{fill:var(--b)}
    svg .whisker{stroke:var(--fg);stroke-width:1.6} svg rect.band{fill:var(--b);fill-opacity:.18} svg line.mean{stroke:var(--fg);stroke-width:2}
    svg.strip{min-width:0}
    svg .bar text.value{font-variant-numeric:tabular-nums}
    .legend{display:flex;flex-wrap:wrap;gap:4px 12px;margin:6px 0 0;padding:0;list-style:none;font-size:.82rem}
    .legend button{all:unset;cursor:pointer;display:inline-flex;align-items:center;gap:5px;border-radius:4px;padding:1px 3px}
    .legend button[aria-pressed=true]{outline:2px solid var(--accent)}
    .legend button:focus-visible{outline:3px solid var(--focus)}
    .sw{display:inline-block;width:11px;height:11px;border-radius:3px;flex:none}
    .table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:10px;background:var(--card)}
    table{border-collapse:collapse;width:100%;font-size:.9rem}
    th,td{padding:6px 10px;border-bottom:1px solid var(--grid);text-align:right;white-space:nowrap}
    th{background:var(--chip);position:sticky;top:0;font-weight:600}
    th:first-child,td:first-child,th.l,td.l{text-align:left}
    td{font-variant-numeric:tabular-nums}
    th button{all:unset;cursor:pointer;display:inline-flex;gap:4px;align-items:center}
    th button:focus-visible{outline:3px solid var(--focus)}
    th[aria-sort=ascending] button::after{content:"▲";font-size:.7em}
    th[aria-sort=descending] button::after{content:"▼";font-size:.7em}
    tbody tr{cursor:pointer}
    tbody tr:hover{background:var(--chip)}
    tbody tr.selected{background:color-mix(in srgb,var(--accent) 16%,transparent)}
    .badge{display:inline-block;border-radius:6px;padding:0 7px;font-size:.78rem;font-weight:600;color:#fff;background:#475569}
    .badge.elite{background:#15803d}.badge.strong{background:#1d4ed8}.badge.mid{background:#6d28d9}
    .badge.weak{background:#a16207}.badge.adversarial{background:#b91c1c}.badge.copycat{background:#be185d}
    .badge.honest{background:#15803d}.badge.good{background:#1d4ed8}.badge.lazy{background:#a16207}.badge.malicious{background:#b91c1c}
    .badge.diamond{background:#0e7490}.badge.gold{background:#a16207}.badge.silver{background:#1d4ed8}.badge.bronze{background:#7c2d12}.badge.watch{background:#b91c1c}
    .strips{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,260px),1fr));gap:4px 16px}
    .strip-fig{margin:0}.strip-fig figcaption{font-size:.85rem;font-variant-numeric:tabular-nums}
    td.wrap{white-space:normal;min-width:16ch}
    table.compact th{white-space:normal;vertical-align:bottom}table.compact th,table.compact td{padding:5px 7px}
    p.cms{margin:6px 0 0;font-size:.78rem;color:var(--muted);overflow-wrap:anywhere}p.cms b{color:var(--fg)}
    .spark-label{margin:8px 0 0;font-size:.75rem}
    svg line.diagonal{stroke:var(--muted)}svg.chart.scatter{max-width:500px;min-width:0;margin:0 auto}
    td.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
    .streak{color:var(--warn);font-weight:600}
    .details{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px}
    .miner-card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 12px;scroll-margin-top:12px}
    .miner-card.selected{outline:3px solid var(--accent)}
    .miner-card dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:6px 0;font-size:.85rem}
    .miner-card dt{color:var(--muted)} .miner-card dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}
    .dim{display:grid;grid-template-columns:78px 1fr 44px;align-items:center;gap:6px;font-size:.8rem}
    .meter{height:8px;background:var(--grid);border-radius:4px;overflow:hidden}
    .meter>span{display:block;height:100%;background:var(--accent)}
    .dim .meter{position:relative;overflow:visible}.dim .meter>span{border-radius:4px}.meter>i.base{position:absolute;top:-3px;width:2px;height:14px;margin-left:-1px;background:var(--fg)}
    .meter.good>span{background:var(--good)}.meter.warn>span{background:var(--warn)}.meter.bad>span{background:var(--bad)}
    .vcards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px}
    .vcard{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 12px}
    .vcard .big{font-size:1.25rem;font-weight:650;font-variant-numeric:tabular-nums}
    .state-good{color:var(--good)}.state-warn{color:var(--warn)}.state-bad{color:var(--bad)}
    .formulas{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:12px}
    .formula{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 12px}
    .formula code.eq{display:block;background:var(--chip);border-radius:6px;padding:6px 8px;margin:6px 0;white-space:pre-wrap;font-size:.85rem}
    .formula .role{color:var(--muted);font-size:.78rem;text-transform:uppercase;letter-spacing:.04em}
    .formula dl{display:grid;grid-template-columns:auto 1fr;gap:1px 10px;margin:4px 0 0;font-size:.82rem}
    .formula dt{font-family:ui-monospace,Menlo,Consolas,monospace}.formula dd{margin:0}
    details.explain{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:8px 14px}
    details.explain summary{cursor:pointer;font-weight:600}
    .controls{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:end;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
    .controls label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted);gap:3px}
    .controls input,.controls select{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:5px 8px;min-width:0}
    .controls input[type=number]{width:8.5em}
    .btn{font:inherit;font-weight:600;border-radius:8px;border:1px solid var(--line);background:var(--chip);color:var(--fg);padding:6px 14px;cursor:pointer}
    .btn.primary{background:var(--accent);border-color:var(--accent);color:#fff}
    @media (prefers-color-scheme:dark){.btn.primary{color:#0b1220}}
    .btn:focus-visible,.controls input:focus-visible,.controls select:focus-visible{outline:3px solid var(--focus);outline-offset:1px}
    .btn[disabled]{opacity:.55;cursor:default}
    .status{font-size:.85rem;color:var(--muted)}
    .status.error{color:var(--bad)}
    footer{color:var(--muted);font-size:.8rem;margin-top:24px}
    @media (max-width:640px){main{padding:10px}header.top{padding:12px}th,td{padding:5px 6px}.kpi .v{font-size:1.1rem}}
    @media (max-width:640px){svg.chart:not(.intervals){min-width:0;font-size:17px}
    svg.chart:not(.intervals) .tick,svg.chart:not(.intervals) .axis-label,svg.chart:not(.intervals) .rule-label{font-size:16px}
    svg.chart.strip{font-size:12px}svg.chart.strip .tick{font-size:11px}
    .chips li{font-size:.78rem}.kpis,.vcards{grid-template-columns:repeat(2,minmax(0,1fr));gap:8px}.vcard .big{font-size:1.1rem}}
    """

    /// Table sorting (header buttons), row selection that highlights the matching miner card and
    /// chart series, and legend toggles. Works on any page built by ``ReportRenderer``.
    static let reportScript = """
    (function(){
    "use strict";
    function cellValue(row,i){var c=row.cells[i];if(!c)return "";var v=c.getAttribute("data-value");
      if(v!==null&&v!==""&&!isNaN(Number(v)))return Number(v);return (c.textContent||"").trim().toLowerCase();}
    function sortTable(table,col,th){var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
      var dir=th.getAttribute("aria-sort")==="descending"?"ascending":"descending";
      if(!th.hasAttribute("aria-sort")&&th.getAttribute("data-default")==="ascending")dir="ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h){h.removeAttribute("aria-sort");});
      th.setAttribute("aria-sort",dir);
      rows.sort(function(a,b){var x=cellValue(a,col),y=cellValue(b,col);var r=x<y?-1:x>y?1:0;return dir==="ascending"?r:-r;});
      rows.forEach(function(r){body.appendChild(r);});}
    window.ReportUI={
      sortable:function(table){if(!table||!table.tHead)return;
        Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){var b=th.querySelector("button");
          if(b)b.addEventListener("click",function(){sortTable(table,i,th);});});},
      select:function(id){document.querySelectorAll("tr[data-miner]").forEach(function(r){r.classList.toggle("selected",r.getAttribute("data-miner")===id);});
        document.querySelectorAll(".miner-card").forEach(function(c){c.classList.toggle("selected",c.getAttribute("data-miner")===id);});
        document.querySelectorAll("svg .series[data-miner]").forEach(function(s){var me=s.getAttribute("data-miner")===id;
          s.classList.toggle("hl",me);s.classList.toggle("dim",!!id&&!me);});
        document.querySelectorAll(".legend button[data-miner]").forEach(function(b){b.setAttribute("aria-pressed",b.getAttribute("data-miner")===id?"true":"false");});},
      wire:function(root){var self=this;(root||document).querySelectorAll("table.sortable").forEach(function(t){self.sortable(t);});
        (root||document).addEventListener("click",function(e){var t=e.target;if(!(t instanceof Element))return;
          var lb=t.closest(".legend button[data-miner]");if(lb){var id=lb.getAttribute("data-miner");
            self.select(lb.getAttribute("aria-pressed")==="true"?null:id);return;}
          var row=t.closest("tr[data-miner]");if(row&&!t.closest("a,button")){var rid=row.getAttribute("data-miner");
            var was=row.classList.contains("selected");self.select(was?null:rid);
            if(!was){var card=document.getElementById("miner-"+row.getAttribute("data-slug"));if(card&&card.scrollIntoView&&row.hasAttribute("data-scroll"))card.scrollIntoView({behavior:"smooth",block:"nearest"});}}});}
    };
    if(!window.ReportLive)document.addEventListener("DOMContentLoaded",function(){window.ReportUI.wire(document);});
    })();
    """
}
