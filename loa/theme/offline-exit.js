(function(){var d=document,a=d.getElementById("quick-exit"),n=0,t=0;
if(!a||!a.addEventListener||!d.body.removeChild)return;
function go(e){var b=d.body,s=d.getElementById("loa-neutral"),c,p;if(e&&e.preventDefault)e.preventDefault();
for(c=b.lastChild;c;c=p){p=c.previousSibling;if(c!=s)b.removeChild(c)}
s.style.display="block";d.title=s.getAttribute("data-title");location.replace("#loa-neutral")}
a.addEventListener("click",go);
d.addEventListener("keyup",function(e){var s=+new Date;if(e.key!="Shift"){n=0;return}n=s-t<5e3?n+1:1;t=s;if(n>2)go()})})();
