(function(){var f=window.fetch,o=!1,q=[];
function go(){if(o)return;o=!0;q.splice(0).forEach(function(r){r()})}
window.fetch=function(i){var u=String(i&&i.url||i),s=this,a=arguments;
if(!o&&u.indexOf("search/search_index.json")>-1)return new Promise(function(y,n){
q.push(function(){f.apply(s,a).then(y,n)})});return f.apply(s,a)};
var X=XMLHttpRequest.prototype,op=X.open,sd=X.send;
X.open=function(m,u){this.__wn=String(u).indexOf("search/search_index.json")>-1;return op.apply(this,arguments)};
X.send=function(){var s=this,a=arguments;if(s.__wn&&!o){q.push(function(){sd.apply(s,a)});return}return sd.apply(s,a)};
var W=window.Worker;if(W)window.Worker=function(u,p){if(o||String(u).indexOf("/workers/search.")<0)return new W(u,p);
var w=null,m=[],l=[],k={postMessage:function(d){w?w.postMessage(d):m.push(d)},
addEventListener:function(){l.push(arguments);if(w)w.addEventListener.apply(w,arguments)},
removeEventListener:function(){if(w)w.removeEventListener.apply(w,arguments)},terminate:function(){if(w)w.terminate()}};
q.push(function(){w=new W(u,p);l.forEach(function(a){w.addEventListener.apply(w,a)});m.splice(0).forEach(function(d){w.postMessage(d)})});return k};
document.addEventListener("focusin",function(e){if(e.target&&e.target.name==="query")go()},!0);
document.addEventListener("change",function(e){if(e.target&&e.target.id==="__search")go()},!0);
document.addEventListener("keydown",function(e){if(/^[sf/]$/.test(e.key))go()},!0)})()