import Foundation

/// The live dashboard served at `/` by `scoring serve`: one self-contained HTML page (inline
/// CSS, JavaScript and SVG) that runs a simulation through `GET /api/simulate/stream` and redraws
/// its charts as each epoch arrives.
///
/// Controls: run one epoch, auto-run (epochs stream in until paused or the limit), reset, the
/// emission per epoch, the seed and the bundled config. A run is defined by (config, seed,
/// emission), so changing one of them starts over. "Run 1 epoch" asks the stream for one epoch
/// more than is shown and skips the ones already drawn (runs are deterministic).
///
/// The stream contract: query `epochs`, `emission`, `seed` and, when a config is chosen,
/// `config`; each SSE message's `data` is one epoch object in the simulator's JSON shape
/// (`epoch_id`, `miners[]`, `validators[]`, …), optionally wrapped as `{"type":"epoch", …}`;
/// an `event: done` (or a message whose `type` is `done`/`summary`) ends the run, and an
/// `event: error` carries a message to show.
///
/// Query parameters of the page itself: `seed`, `emission`, `config`, `run` (epochs to run on
/// load, for links and the browser test), `limit` (the auto-run limit, default 100).
public enum Dashboard {
    /// The page with no bundled configs listed (the page then asks `/api/configs`).
    public static var html: String { html(configs: []) }

    /// The page, listing `configs` (bundled config names, e.g. `reasonforge/default`) in the
    /// config menu; the first entry is the simulator's default when `defaultConfig` is `nil`.
    ///
    /// - Parameters:
    ///   - configs: names the stream's `config` parameter accepts.
    ///   - defaultConfig: the preselected config; `nil` selects "(server default)".
    ///   - streamPath: the SSE endpoint.
    ///   - epochLimit: the most epochs one stream may ask for (the service's `max_epochs`); auto-run stops there.
    public static func html(configs: [String], defaultConfig: String? = nil,
                            streamPath: String = "/api/simulate/stream", epochLimit: Int = 100) -> String {
        var options = "<option value=\"\">(server default)</option>"
        for c in configs {
            options += "<option value=\"\(HTML.escape(c))\"\(c == defaultConfig ? " selected" : "")>\(HTML.escape(c))</option>"
        }
        var page = Page(title: "Subnet scoring — live simulation")
        page.head = """
        <header class="top"><h1>Live simulation</h1>
        <p>Run the epoch simulator one epoch at a time or continuously and watch rewards, scores and validator \
        health change. Each epoch arrives from <code>\(HTML.escape(streamPath))</code> as a server-sent event.</p></header>
        """
        page.body = """
        <form class="controls" id="controls" aria-label="Simulation controls" onsubmit="return false">
        <label for="config">Config<select id="config" name="config">\(options)</select></label>
        <label for="emission">Emission per epoch (TAO)<input id="emission" name="emission" type="number" min="0.000001" step="any" value="100" required></label>
        <label for="seed">Seed<input id="seed" name="seed" type="number" min="0" step="1" value="42" required></label>
        <button type="button" class="btn primary" id="run-one">Run 1 epoch</button>
        <button type="button" class="btn" id="auto-run" aria-pressed="false">Auto-run</button>
        <button type="button" class="btn" id="reset">Reset</button>
        <span class="status" id="status" role="status" aria-live="polite">Ready. Press “Run 1 epoch” or “Auto-run”.</span>
        </form>
        <p class="help">Changing the config, emission or seed starts a new run. Auto-run stops at \
        <span id="limit-text">\(max(1, epochLimit))</span> epochs; press it again to pause.</p>
        <section class="kpis" id="kpis" aria-label="Headline numbers"></section>
        <div class="grid">
        <div class="card" id="chart-tao"><h2>TAO earned per miner</h2><p class="help">Total so far, highest first; colour shows the tier.</p><div class="plot" id="plot-tao"></div></div>
        <div class="card" id="chart-sepoch"><h2>S_epoch per miner over epochs</h2><p class="help">Click a name (or a leaderboard row) to highlight a miner.</p><div class="plot" id="plot-sepoch"></div><ul class="legend" id="legend-sepoch" aria-label="Miners"></ul></div>
        </div>
        <section id="leaderboard"><h2 id="leaderboard-title">Leaderboard</h2>
        <p class="help">One row per miner, ranked by the latest S_epoch. Click a heading to sort.</p>
        <div class="table-wrap"><table class="sortable" id="leaderboard-table"><thead><tr>
        <th scope="col" data-default="ascending"><button type="button">Rank</button></th><th scope="col" class="l"><button type="button">Miner</button></th>
        <th scope="col" class="l"><button type="button">Tier</button></th><th scope="col"><button type="button">S_epoch</button></th>
        <th scope="col"><button type="button">PEB</button></th><th scope="col"><button type="button">Streak</button></th>
        <th scope="col"><button type="button">Epoch TAO</button></th><th scope="col"><button type="button">Total TAO</button></th>
        <th scope="col"><button type="button">Trap penalty</button></th><th scope="col"><button type="button">Breakthroughs</button></th>
        </tr></thead><tbody></tbody></table></div></section>
        <section id="miner-detail-section" aria-live="polite"><h2>Miner detail</h2>
        <p class="help" id="miner-detail-note">Click a leaderboard row or a name under the S_epoch chart to choose a miner.</p>
        <div class="details" id="miner-detail"></div></section>
        <section id="validators"><h2>Validator health</h2><p class="help">VAS: green ≥ 0.80 (reputation bonus), amber between, red &lt; 0.60 (slashing).</p>
        <div class="vcards" id="vcards"></div>
        <div class="grid"><div class="card" id="chart-vas"><h2>VAS over epochs</h2><div class="plot" id="plot-vas"></div></div>
        <div class="card" id="chart-reputation"><h2>Reputation multiplier over epochs</h2><div class="plot" id="plot-rep"></div></div></div>
        </section>
        <section id="formulas"><h2>Formulas</h2><p class="help">As registered on this server (<code>/api/formulas</code>).</p><div class="formulas" id="formula-list"></div></section>
        """
        let script = ReportAssets.reportScript + "\n" + liveScript.replacingOccurrences(of: "__STREAM__", with: jsString(streamPath))
            .replacingOccurrences(of: "__LIMIT__", with: String(max(1, epochLimit)))
        return page.finish(script: "window.ReportLive=true;\n" + script)
    }

    /// A JavaScript string literal.
    static func jsString(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<": out += "\\u003c"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    static let liveScript = #"""
    (function(){
    "use strict";
    var STREAM=__STREAM__;
    var PALETTE=["#2563eb","#dc2626","#15803d","#b45309","#7c3aed","#0e7490","#be185d","#4d7c0f","#c2410c","#4338ca","#0f766e","#854d0e"];
    var TIERS={elite:"#15803d",strong:"#1d4ed8",mid:"#6d28d9",weak:"#a16207",adversarial:"#b91c1c",copycat:"#be185d"};
    var NS="http://www.w3.org/2000/svg";
    var state={epochs:[],source:null,auto:false,target:0,limit:__LIMIT__,selected:null};
    function $(id){return document.getElementById(id);}
    function el(tag,attrs,text){var e=document.createElementNS(NS,tag);for(var k in attrs)e.setAttribute(k,attrs[k]);if(text!=null)e.textContent=text;return e;}
    function h(tag,attrs,text){var e=document.createElement(tag);for(var k in attrs)e.setAttribute(k,attrs[k]);if(text!=null)e.textContent=text;return e;}
    function fx(x,d){return (x==null||!isFinite(x))?"–":Number(x).toFixed(d);}
    function status(msg,err){var s=$("status");s.textContent=msg;s.classList.toggle("error",!!err);}
    function ids(){var seen={},out=[];state.epochs.forEach(function(e){e.miners.forEach(function(m){if(!seen[m.miner_id]){seen[m.miner_id]=1;out.push(m.miner_id);}});});
      return out.sort(function(a,b){return a.localeCompare(b,undefined,{numeric:true});});}
    function color(id,list){var i=list.indexOf(id);return PALETTE[(i<0?0:i)%PALETTE.length];}
    function ticks(lo,hi,n){if(!(hi>lo))return [lo];var raw=(hi-lo)/(n||5),mag=Math.pow(10,Math.floor(Math.log10(raw)));
      var step=[1,2,5,10].map(function(k){return k*mag;}).find(function(s){return s>=raw;})||raw;var out=[];
      for(var v=Math.floor(lo/step)*step;v<=hi+step*1e-9;v+=step){if(v>=lo-step*1e-9)out.push(Math.abs(v)<step*1e-9?0:v);}return out;}
    function tk(x){var a=Math.abs(x);if(a>=1e6)return +(x/1e6).toFixed(2)+"M";if(a>=1e4)return +(x/1e3).toFixed(1)+"k";if(a>=100)return String(Math.round(x));if(a>=1)return String(+x.toFixed(2));return String(+x.toFixed(3));}
    function bars(box,items,label){var W=640,row=24,top=8,lw=150,vw=86,H=top*2+row*Math.max(items.length,1);
      var max=Math.max.apply(null,items.map(function(i){return i.value;}).concat([1e-12]));var pw=W-lw-vw;
      var svg=el("svg",{"class":"chart bars",viewBox:"0 0 "+W+" "+H,width:"100%",role:"img","aria-label":label});svg.appendChild(el("title",{},label));
      items.forEach(function(it,i){var y=top+row*i,w=Math.max(1,Math.max(0,it.value)/max*pw);var g=el("g",{"class":"bar","data-miner":it.id,"data-value":String(it.value)});
        g.appendChild(el("title",{},it.title));g.appendChild(el("text",{"class":"label",x:lw-8,y:y+row/2+4,"text-anchor":"end"},it.label.length>20?it.label.slice(0,19)+"…":it.label));
        g.appendChild(el("rect",{x:lw,y:y+4,width:w,height:row-8,rx:3,fill:it.color}));g.appendChild(el("text",{"class":"value",x:lw+w+6,y:y+row/2+4},it.text));svg.appendChild(g);});
      box.replaceChildren(svg);}
    function lines(box,series,o){var W=640,H=300,L=52,R=16,T=14,B=40,pw=W-L-R,ph=H-T-B;var xs=[],ys=[];
      series.forEach(function(s){s.points.forEach(function(p){xs.push(p[0]);ys.push(p[1]);});});(o.rules||[]).forEach(function(r){ys.push(r.y);});
      var x0=xs.length?Math.min.apply(null,xs):0,x1=Math.max(xs.length?Math.max.apply(null,xs):1,x0+1);
      var y0=o.y0!=null?o.y0:Math.min(0,ys.length?Math.min.apply(null,ys):0),y1=o.y1!=null?o.y1:(ys.length?Math.max.apply(null,ys):1);
      if(o.y1==null)y1+=(y1-y0)*0.05;if(!(y1>y0))y1=y0+1;
      function px(x){return L+(x-x0)/(x1-x0)*pw;}function py(y){return T+ph-(y-y0)/(y1-y0)*ph;}
      var svg=el("svg",{"class":"chart lines",viewBox:"0 0 "+W+" "+H,width:"100%",role:"img","aria-label":o.label});svg.appendChild(el("title",{},o.label));
      ticks(y0,y1).forEach(function(t){svg.appendChild(el("line",{"class":"grid",x1:L,x2:L+pw,y1:py(t),y2:py(t)}));svg.appendChild(el("text",{"class":"tick",x:L-6,y:py(t)+4,"text-anchor":"end"},tk(t)));});
      ticks(x0,x1,8).filter(function(t){return t===Math.round(t);}).forEach(function(t){svg.appendChild(el("text",{"class":"tick",x:px(t),y:T+ph+16,"text-anchor":"middle"},tk(t)));});
      svg.appendChild(el("line",{"class":"axis",x1:L,x2:L+pw,y1:T+ph,y2:T+ph}));svg.appendChild(el("line",{"class":"axis",x1:L,x2:L,y1:T,y2:T+ph}));
      svg.appendChild(el("text",{"class":"axis-label",x:L+pw/2,y:H-6,"text-anchor":"middle"},o.x));
      svg.appendChild(el("text",{"class":"axis-label",transform:"translate(12 "+(T+ph/2)+") rotate(-90)","text-anchor":"middle"},o.y));
      (o.rules||[]).forEach(function(r){if(r.y<y0||r.y>y1)return;svg.appendChild(el("line",{"class":"rule",x1:L,x2:L+pw,y1:py(r.y),y2:py(r.y)}));
        svg.appendChild(el("text",{"class":"rule-label",x:L+pw-4,y:py(r.y)-4,"text-anchor":"end"},r.label));});
      series.forEach(function(s){var g=el("g",{"class":"series"+(s.hl?" hl":"")+(s.dim?" dim":"")});if(s.miner)g.setAttribute("data-miner",s.miner);
        g.appendChild(el("title",{},s.name));var pts=s.points;if(pts.length>400){var k=Math.ceil(pts.length/400);pts=pts.filter(function(_,i){return i%k===0||i===s.points.length-1;});}
        g.appendChild(el("polyline",{points:pts.map(function(p){return px(p[0]).toFixed(1)+","+py(p[1]).toFixed(1);}).join(" "),fill:"none",stroke:s.color,"stroke-width":2,"stroke-linejoin":"round"}));
        if(pts.length<=60)pts.forEach(function(p){var c=el("circle",{cx:px(p[0]).toFixed(1),cy:py(p[1]).toFixed(1),r:2.5,fill:s.color});c.appendChild(el("title",{},s.name+" · epoch "+p[0]+": "+fx(p[1],4)));g.appendChild(c);});
        svg.appendChild(g);});
      box.replaceChildren(svg);}
    function kpi(k,v,s,id){var d=h("div",{"class":"kpi",id:"kpi-"+id});d.appendChild(h("div",{"class":"k"},k));d.appendChild(h("div",{"class":"v"},v));d.appendChild(h("div",{"class":"s"},s));return d;}
    function badge(t){if(!t)return document.createTextNode("");return h("span",{"class":"badge "+String(t).toLowerCase().replace(/[^a-z0-9]/g,"-")},t);}
    function td(key,value,text){var c=h("td",{"data-key":key,"data-value":String(value)},text);return c;}
    function render(){var E=state.epochs,last=E[E.length-1];var list=ids();
      $("limit-text").textContent=String(state.limit);
      var k=$("kpis");k.replaceChildren();
      if(!last){$("plot-tao").replaceChildren();$("plot-sepoch").replaceChildren();$("plot-vas").replaceChildren();$("plot-rep").replaceChildren();
        $("legend-sepoch").replaceChildren();$("leaderboard-table").tBodies[0].replaceChildren();$("vcards").replaceChildren();$("leaderboard-title").textContent="Leaderboard";$("miner-detail").replaceChildren();return;}
      var emitted=E.reduce(function(a,e){return a+e.total_emission;},0),bt=E.reduce(function(a,e){return a+(e.breakthroughs||0);},0);
      var minerTotal=last.miners.reduce(function(a,m){return a+m.total_tao;},0);var leader=last.miners.slice().sort(function(a,b){return b.total_tao-a.total_tao;})[0];
      k.appendChild(kpi("Epoch",String(last.epoch_id),last.miners.length+" miners · "+last.validators.length+" validators","epoch"));
      k.appendChild(kpi("TAO emitted",fx(emitted,2),"pool this epoch: miners "+fx(last.miner_pool,2)+" · validators "+fx(last.validator_pool,2),"emitted"));
      k.appendChild(kpi("Top earner",leader.name,fx(leader.total_tao,3)+" TAO · "+fx(minerTotal>0?leader.total_tao/minerTotal*100:0,1)+"% of miner TAO","leader"));
      k.appendChild(kpi("Mean CMS",fx(last.avg_cms,4),"this epoch, over every task × miner","cms"));
      k.appendChild(kpi("Breakthroughs",String(bt),(last.breakthroughs||0)+" this epoch","breakthroughs"));
      var ranked=last.miners.slice().sort(function(a,b){return b.total_tao-a.total_tao;});
      bars($("plot-tao"),ranked.map(function(m){return {id:m.miner_id,label:m.name,value:m.total_tao,text:fx(m.total_tao,3),color:TIERS[String(m.tier).toLowerCase()]||color(m.miner_id,list),
        title:m.name+" ("+m.miner_id+(m.tier?", "+m.tier:"")+"): "+fx(m.total_tao,6)+" TAO"};}),"Total TAO per miner after epoch "+last.epoch_id);
      var series=list.map(function(id){var name=id;var pts=[];E.forEach(function(e){e.miners.forEach(function(m){if(m.miner_id===id){pts.push([e.epoch_id,m.s_epoch]);name=m.name;}});});
        return {name:name,miner:id,color:color(id,list),points:pts,hl:state.selected===id,dim:!!state.selected&&state.selected!==id};});
      lines($("plot-sepoch"),series,{label:"S_epoch per miner by epoch",x:"epoch",y:"S_epoch"});
      var lg=$("legend-sepoch");lg.replaceChildren();series.forEach(function(s){var li=h("li");var b=h("button",{type:"button","data-miner":s.miner,"aria-pressed":state.selected===s.miner?"true":"false"});
        b.appendChild(h("span",{"class":"sw",style:"background:"+s.color}));b.appendChild(document.createTextNode(s.name));li.appendChild(b);lg.appendChild(li);});
      $("leaderboard-title").textContent="Leaderboard after epoch "+last.epoch_id;
      var body=$("leaderboard-table").tBodies[0];body.replaceChildren();
      last.miners.slice().sort(function(a,b){return a.rank-b.rank;}).forEach(function(m){var tr=h("tr",{"data-miner":m.miner_id});if(state.selected===m.miner_id)tr.className="selected";
        tr.appendChild(td("rank",m.rank,String(m.rank)));var n=h("td",{"class":"l","data-key":"name"});n.appendChild(h("span",{"class":"sw",style:"background:"+color(m.miner_id,list)}));
        n.appendChild(document.createTextNode(" "+m.name+" "));n.appendChild(h("span",{"class":"help"},m.miner_id));tr.appendChild(n);
        var t=h("td",{"class":"l","data-key":"tier"});t.appendChild(badge(m.tier));tr.appendChild(t);
        tr.appendChild(td("s_epoch",m.s_epoch,fx(m.s_epoch,4)));tr.appendChild(td("peb",m.peb,fx(m.peb,4)));
        var st=td("streak",m.streak,m.streak>0?"▲ "+m.streak:"0");if(m.streak>0)st.className="streak";tr.appendChild(st);
        tr.appendChild(td("epoch_tao",m.epoch_tao,fx(m.epoch_tao,4)));tr.appendChild(td("total_tao",m.total_tao,fx(m.total_tao,4)));
        tr.appendChild(td("trap_penalty",m.trap_penalty,fx(m.trap_penalty,3)));tr.appendChild(td("breakthroughs",m.breakthroughs,String(m.breakthroughs)));
        if(m.chain){tr.title="on chain: incentive "+fx(m.chain.incentive,4)+" · consensus "+fx(m.chain.consensus,4)+" · trust "+fx(m.chain.trust,4);tr.setAttribute("data-incentive",String(m.chain.incentive));}
        body.appendChild(tr);});
      detail(E,last,list);
      var vc=$("vcards");vc.replaceChildren();
      last.validators.forEach(function(v,i){var stt=v.vas>=0.8?"good":v.vas>=0.6?"warn":"bad";var a=h("article",{"class":"vcard","data-validator":v.validator_id});
        var t=h("h3");t.appendChild(h("span",{"class":"sw",style:"background:"+PALETTE[i%PALETTE.length]}));t.appendChild(document.createTextNode(" "+v.name+" "));t.appendChild(badge(v.profile));a.appendChild(t);
        a.appendChild(h("div",{"class":"big state-"+stt,"data-value":String(v.vas)},"VAS "+fx(v.vas,3)));
        var m=h("div",{"class":"meter "+stt,role:"meter","aria-label":"VAS of "+v.name,"aria-valuemin":"0","aria-valuemax":"1","aria-valuenow":String(v.vas)});
        m.appendChild(h("span",{style:"width:"+Math.max(0,Math.min(1,v.vas))*100+"%"}));a.appendChild(m);
        a.appendChild(h("div",{"class":"help"},"reputation ×"+fx(v.reputation,3)+(v.stake!=null?" · stake "+fx(v.stake,0):"")+" · "+fx(v.total_tao,3)+" TAO · slashed "+fx(v.slashed,3)
          +(v.chain?" · on chain ("+(v.behaviour||"honest")+"): dividends "+fx(v.chain.dividends,3)+" · v-trust "+fx(v.chain.validator_trust,3)+" · bonds "+fx(v.chain.bonds,3):"")));vc.appendChild(a);});
      function vseries(key){return last.validators.map(function(v,i){var pts=[];E.forEach(function(e){e.validators.forEach(function(x){if(x.validator_id===v.validator_id)pts.push([e.epoch_id,x[key]]);});});
        return {name:v.name,color:PALETTE[i%PALETTE.length],points:pts};});}
      var minV=Math.min.apply(null,E.map(function(e){return Math.min.apply(null,e.validators.map(function(v){return v.vas;}));}).concat([0.6]));
      lines($("plot-vas"),vseries("vas"),{label:"Validator VAS by epoch",x:"epoch",y:"VAS",y0:Math.max(0,Math.floor((minV-0.05)*10)/10),y1:1,
        rules:[{y:0.8,label:"reputation bonus above 0.80"},{y:0.6,label:"slashing below 0.60"}]});
      var maxR=Math.max.apply(null,E.map(function(e){return Math.max.apply(null,e.validators.map(function(v){return v.reputation;}));}).concat([1.5]));
      lines($("plot-rep"),vseries("reputation"),{label:"Validator reputation multiplier by epoch",x:"epoch",y:"reputation ×",y0:1,y1:maxR+0.02});}
    var DIMS=["quality","accuracy","novelty","efficiency"];
    function cap(k){return k.charAt(0).toUpperCase()+k.slice(1);}
    // The chosen miner (the leader until one is clicked): its measured dimensions averaged over the
    // epochs shown in which it submitted (an all-zero epoch had no submissions), and its latest line.
    function detail(E,last,list){var box=$("miner-detail");box.replaceChildren();
      var ranked=last.miners.slice().sort(function(a,b){return a.rank-b.rank;});
      var m=ranked.find(function(x){return x.miner_id===state.selected;})||ranked[0];if(!m)return;
      var sums={quality:0,accuracy:0,novelty:0,efficiency:0},n=0,trend=[];
      E.forEach(function(e){e.miners.forEach(function(x){if(x.miner_id!==m.miner_id)return;trend.push(x.s_epoch);var d=x.dimensions;
        if(d&&(d.quality||d.accuracy||d.novelty||d.efficiency)){DIMS.forEach(function(k){sums[k]+=d[k];});n++;}});});
      var a=h("article",{"class":"miner-card","data-miner":m.miner_id});var t=h("h3");
      t.appendChild(h("span",{"class":"sw",style:"background:"+color(m.miner_id,list)}));t.appendChild(document.createTextNode(" #"+m.rank+" "+m.name+" "));t.appendChild(badge(m.tier));a.appendChild(t);
      if(n)DIMS.forEach(function(k){var v=sums[k]/n;var row=h("div",{"class":"dim","data-dimension":k,"data-value":String(v)});row.appendChild(h("span",{},cap(k)));
        var mt=h("span",{"class":"meter",role:"meter","aria-label":cap(k),"aria-valuemin":"0","aria-valuemax":"1","aria-valuenow":String(v)});
        mt.appendChild(h("span",{style:"width:"+Math.max(0,Math.min(1,v))*100+"%"}));row.appendChild(mt);row.appendChild(h("span",{},fx(v,2)));a.appendChild(row);});
      var dl=h("dl");[["S_epoch",fx(m.s_epoch,4)],["Trap penalty",fx(m.trap_penalty,3)+(m.trap_penalty>=0.999?" (none)":"")],["Streak",m.streak+" epoch"+(m.streak===1?"":"s")],
        ["PEB",fx(m.peb,4)],["Breakthroughs",String(m.breakthroughs)],["Total TAO",fx(m.total_tao,4)]].forEach(function(p){dl.appendChild(h("dt",{},p[0]));dl.appendChild(h("dd",{},p[1]));});
      a.appendChild(dl);
      if(trend.length>1){var lo=Math.min(0,Math.min.apply(null,trend)),hi=Math.max(lo+1e-9,Math.max.apply(null,trend)),W=260,H=40;
        var sv=el("svg",{"class":"spark",viewBox:"0 0 "+W+" "+H,width:W,height:H,role:"img","aria-label":"S_epoch of "+m.name+" over "+trend.length+" epochs"});
        sv.appendChild(el("polyline",{points:trend.map(function(v,i){return (2+i/(trend.length-1)*(W-4)).toFixed(1)+","+(H-2-(v-lo)/(hi-lo)*(H-4)).toFixed(1);}).join(" "),fill:"none",stroke:color(m.miner_id,list),"stroke-width":1.5}));
        a.appendChild(sv);}
      box.appendChild(a);
      $("miner-detail-note").textContent=(n?"Dimensions: the mean measured quality, accuracy, novelty and efficiency of "+m.name+"’s submissions over the "+n+" epoch"+(n===1?"":"s")+
        " shown (simulated per-task scores as fed to the composite score, before consensus rescaling).":"This server’s stream reports no per-miner dimensions.")+
        " Click a leaderboard row or a name under the S_epoch chart to choose another miner.";}
    function params(){return {config:$("config").value,emission:$("emission").value,seed:$("seed").value};}
    function close(){if(state.source){state.source.close();state.source=null;}}
    function setAuto(on){state.auto=on;var b=$("auto-run");b.setAttribute("aria-pressed",on?"true":"false");b.textContent=on?"Pause":"Auto-run";}
    function busy(on){$("run-one").disabled=on&&!state.auto;}
    var pending=[],timer=null,ending=false;
    function schedule(){if(!timer&&pending.length)timer=setTimeout(pump,state.auto?300:0);}
    function pump(){timer=null;var d=pending.shift();if(d){state.epochs.push(d);render();
        status((state.auto?"Auto-running: ":"")+"epoch "+d.epoch_id+" done.");}
      if(pending.length){schedule();return;}
      if(ending)complete();}
    function complete(){ending=false;busy(false);status(doneText());if(state.auto&&state.epochs.length>=state.limit)setAuto(false);}
    function stop(){close();pending=[];ending=false;if(timer){clearTimeout(timer);timer=null;}}
    function stream(target){stop();var p=params();var em=Number(p.emission);
      if(!(em>0)){status("Emission must be a positive number.",true);setAuto(false);return;}
      if(!/^\d+$/.test(String(p.seed).trim())){status("Seed must be a whole number ≥ 0.",true);setAuto(false);return;}
      state.target=target;var q="epochs="+target+"&emission="+encodeURIComponent(p.emission)+"&seed="+encodeURIComponent(String(p.seed).trim());
      if(p.config)q+="&config="+encodeURIComponent(p.config);
      var have=state.epochs.length;status(state.auto?"Auto-running… epoch "+(have+1)+" of up to "+target:"Running epoch "+(have+1)+"…");busy(true);
      var src=new EventSource(STREAM+"?"+q);state.source=src;
      function finish(){if(state.source===src)close();ending=true;if(!pending.length&&!timer)complete();}
      function fail(msg){stop();busy(false);status(msg,true);setAuto(false);}
      function onData(raw){if(state.source!==src)return;var d;try{d=JSON.parse(raw);}catch(e){return;}
        if(d&&(d.type==="done"||d.type==="summary")){finish();return;}
        if(d&&d.type==="error"){fail("Server: "+(d.message||d.error||"error"));return;}
        if(d&&d.type==="epoch"&&d.epoch)d=d.epoch;
        if(!d||d.epoch_id==null||!d.miners)return;
        if(d.epoch_id<=state.epochs.length+pending.length)return;
        pending.push(d);schedule();
        if(d.epoch_id>=state.target)finish();}
      src.onmessage=function(e){onData(e.data);};
      src.addEventListener("epoch",function(e){onData(e.data);});
      src.addEventListener("done",function(){if(state.source===src)finish();});
      src.addEventListener("error",function(e){if(state.source!==src)return;
        if(e&&e.data){var m=e.data;try{var j=JSON.parse(e.data);m=j.error||j.message||m;}catch(_){}fail("Server: "+m);return;}
        var got=state.epochs.length+pending.length;if(got>=target){finish();return;}
        close();ending=false;busy(false);setAuto(false);
        status("The stream stopped after "+got+" of "+target+" epochs. Check the settings (seed ≥ 0, emission > 0) and that the server is running.",true);});}
    function doneText(){var n=state.epochs.length;return n+" epoch"+(n===1?"":"s")+" shown."+(state.auto?"":" Press “Run 1 epoch” for the next.");}
    function reset(msg){stop();setAuto(false);state.epochs=[];state.selected=null;render();busy(false);status(msg||"Reset. Press “Run 1 epoch” or “Auto-run”.");}
    function loadFormulas(){fetch("/api/formulas").then(function(r){return r.ok?r.json():null;}).then(function(j){if(!j||!j.formulas)return;var box=$("formula-list");box.replaceChildren();
      j.formulas.filter(function(f){return f.role;}).forEach(function(f){var a=h("article",{"class":"formula","data-key":f.key});a.appendChild(h("div",{"class":"role"},f.role));
        a.appendChild(h("h3",{},f.key));if(f.summary)a.appendChild(h("p",{"class":"help"},f.summary));if(f.equation)a.appendChild(h("code",{"class":"eq"},f.equation));
        if(f.parameters&&f.parameters.length){var dl=h("dl");f.parameters.forEach(function(p){dl.appendChild(h("dt",{},p.name));dl.appendChild(h("dd",{},typeof p["default"]==="object"?JSON.stringify(p["default"]):String(p["default"])));});a.appendChild(dl);}
        box.appendChild(a);});}).catch(function(){});}
    function loadConfigs(){var sel=$("config");if(sel.options.length>1)return;fetch("/api/configs").then(function(r){return r.ok?r.json():null;}).then(function(j){
      var names=j&&(j.configs||j);if(!Array.isArray(names))return;names.forEach(function(n){var name=typeof n==="string"?n:n.name;if(name)sel.appendChild(h("option",{value:name},name));});}).catch(function(){});}
    document.addEventListener("DOMContentLoaded",function(){
      window.ReportUI.wire(document);
      var orig=window.ReportUI.select;window.ReportUI.select=function(id){state.selected=id;render();orig.call(window.ReportUI,id);};
      var q=new URLSearchParams(location.search);
      if(q.get("seed")!=null)$("seed").value=q.get("seed");if(q.get("emission")!=null)$("emission").value=q.get("emission");
      if(q.get("limit")!=null&&Number(q.get("limit"))>0)state.limit=Math.min(state.limit,Math.floor(Number(q.get("limit"))));
      loadConfigs();if(q.get("config")!=null){var c=q.get("config"),sel=$("config");if(![].some.call(sel.options,function(o){return o.value===c;}))sel.appendChild(h("option",{value:c},c));sel.value=c;}
      $("run-one").addEventListener("click",function(){if(state.source)return;stream(state.epochs.length+1);});
      $("auto-run").addEventListener("click",function(){if(state.auto){setAuto(false);stop();busy(false);status("Paused after epoch "+state.epochs.length+".");return;}
        if(state.epochs.length>=state.limit){status("Reached the limit of "+state.limit+" epochs; press Reset to start again.");return;}setAuto(true);stream(state.limit);});
      $("reset").addEventListener("click",function(){reset();});
      ["config","emission","seed"].forEach(function(id){$(id).addEventListener("change",function(){reset("Settings changed: new run. Press “Run 1 epoch” or “Auto-run”.");});});
      render();loadFormulas();
      var n=Number(q.get("run"));if(n>0)stream(Math.min(Math.floor(n),state.limit));});
    })();
    """#
}

extension Dashboard {
    /// The simulation configs in `directory` (the service's `simulation.configs_dir`, e.g.
    /// `configs/reasonforge`): the names of its `*.yaml` files without the extension, `default`
    /// first, then sorted — the names `/api/simulate/stream`'s `config` parameter accepts.
    ///
    /// A file counts when it, or a file it `extends:` (followed up to 8 levels, relative to the
    /// extending file), has the line `pipeline: simulation`. Unreadable files are skipped.
    public static func bundledConfigs(in directory: String) -> [String] {
        let root = URL(fileURLWithPath: directory)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let names = files.filter { $0.hasSuffix(".yaml") && isSimulation(root.appendingPathComponent($0), depth: 0) }
            .map { String($0.dropLast(".yaml".count)) }
        return names.sorted { a, b in (a == "default" ? 0 : 1, a) < (b == "default" ? 0 : 1, b) }
    }

    static func isSimulation(_ url: URL, depth: Int) -> Bool {
        guard depth < 8, let text = try? String(contentsOf: url, encoding: .utf8) else { return false }
        var extends: String?
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !raw.hasPrefix(" ") && !raw.hasPrefix("\t") else { continue }
            if line == "pipeline: simulation" { return true }
            if line.hasPrefix("pipeline:") { return false }
            if line.hasPrefix("extends:") {
                extends = line.dropFirst("extends:".count).trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
        }
        guard let extends, !extends.isEmpty else { return false }
        return isSimulation(url.deletingLastPathComponent().appendingPathComponent(extends), depth: depth + 1)
    }
}
