// Runs between require.js and the ipywidgets HTML manager (see README.md here).
(function () {
  "use strict";
  // The HTML manager's styles ask for their Font Awesome fonts next to the
  // module they come from, and require.js would place that module beside the
  // page; map its modules into _static/html-manager-<version>/, where the fonts are.
  var here = document.currentScript.src.split(/[?#]/)[0].replace(/[^/]*$/, "");
  var manager = here + "html-manager-1.0.15";
  window.require.config({
    paths: {
      "@jupyter-widgets/html-manager": manager + "/index",
      "@jupyter-widgets/html-manager/dist": manager,
    },
  });
  // ipywidgets typesets widget labels with MathJax 2's MathJax.Hub.Queue when
  // MathJax is on the page; the book's pages load MathJax 3, which has no Hub.
  // Widgets render on the window's load event, after this listener has run.
  window.addEventListener("load", function () {
    var mathjax = window.MathJax;
    if (!mathjax || mathjax.Hub || !mathjax.startup || !mathjax.startup.promise) {
      return;
    }
    mathjax.Hub = {
      Queue: function (command) {
        var element = command[2];
        mathjax.startup.promise = mathjax.startup.promise
          .then(function () {
            return mathjax.typesetPromise([element]);
          })
          .catch(function (error) {
            console.warn("MathJax could not typeset a widget label:", error);
          });
      },
    };
  });
})();
