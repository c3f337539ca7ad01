// The book's own build of Vega: what its charts use, and nothing else.
//
// The charts are Vega-Lite specs compiled to Vega at build time (rustbelt/web_figure.py) and
// drawn in the page with Vega's View API (_assets/rustbelt.js). Vega's full bundle also carries
// map projections, force layouts, trees, word clouds, Voronoi diagrams, label placement,
// regressions and crossfiltering, with the d3 modules behind them: none of the book's charts
// uses them, and on a slow phone connection they were a quarter of the page's bytes.
// `python -m rustbelt.book.vendor` bundles this file with esbuild (an npm devDependency)
// into _vendor/vega/vega.min.js; the same modules as vega's own index.js, less those. Two modules
// Vega imports for the same features (d3-geo, topojson-client) are bundled as stubs that throw
// if called (vendor.STUBS).
// tests/test_figure_panels.py checks every chart of the built book renders with it.
import {extend} from 'vega-util';
import {transforms} from 'vega-dataflow';
import * as tx from 'vega-transforms';
import * as vtx from 'vega-view-transforms';
import * as encode from 'vega-encode';

extend(transforms, tx, vtx, encode);

export {transforms} from 'vega-dataflow';
export {View} from 'vega-view';
export {parse} from 'vega-parser';
export {expressionFunction} from 'vega-functions';
export const version = VEGA_VERSION;  // defined by the bundler from vega's package.json
