// Report review: an evidence link scrolls the report pane to its line, and only the pane, so
// the finding being read stays where it is.
document.addEventListener('click', function (event) {
  var link = event.target.closest ? event.target.closest('a.evidence-line') : null;
  if (!link) { return; }
  var pane = document.querySelector('#report-text .report-lines');
  var target = document.getElementById((link.getAttribute('href') || '').slice(1));
  if (!pane || !target || !pane.contains(target)) { return; }
  event.preventDefault();
  var offset = target.getBoundingClientRect().top - pane.getBoundingClientRect().top;
  pane.scrollTop += offset - 24;
  var shown = pane.querySelectorAll('.flash');
  for (var i = 0; i < shown.length; i++) { shown[i].classList.remove('flash'); }
  target.classList.add('flash');
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, '', link.getAttribute('href'));
  }
});
