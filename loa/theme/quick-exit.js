(function(){var d=document,a=d.getElementById("quick-exit"),r=d.documentElement,n=0,t=0;
if(!a||!a.addEventListener)return;
function go(e){if(e&&e.preventDefault)e.preventDefault();r.className+=" loa-leaving";location.replace(a.href)}
a.addEventListener("click",go);
d.addEventListener("keyup",function(e){var s=+new Date;if(e.key!="Shift"){n=0;return}n=s-t<5e3?n+1:1;t=s;if(n>2)go()});
window.addEventListener("pageshow",function(){r.className=r.className.replace(/ loa-leaving/g,"")})})();
