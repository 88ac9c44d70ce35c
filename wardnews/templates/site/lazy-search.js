(function(){var f=window.fetch,o=!1,q=[];
function go(){if(o)return;o=!0;q.splice(0).forEach(function(r){r()})}
window.fetch=function(i){var u=String(i&&i.url||i),s=this,a=arguments;
if(!o&&u.indexOf("search/search_index.json")>-1)return new Promise(function(y,n){
q.push(function(){f.apply(s,a).then(y,n)})});return f.apply(s,a)};
var X=XMLHttpRequest.prototype,op=X.open,sd=X.send;
X.open=function(m,u){this.__wn=String(u).indexOf("search/search_index.json")>-1;return op.apply(this,arguments)};
X.send=function(){var s=this,a=arguments;if(s.__wn&&!o){q.push(function(){sd.apply(s,a)});return}return sd.apply(s,a)};
document.addEventListener("focusin",function(e){if(e.target&&e.target.name==="query")go()},!0);
document.addEventListener("change",function(e){if(e.target&&e.target.id==="__search")go()},!0);
document.addEventListener("keydown",function(e){if(/^[sf/]$/.test(e.key))go()},!0)})()