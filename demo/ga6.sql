-- GA-6 demo: real 2016-2017 results for Georgia's 6th district, checked
-- against the official totals, a synthetic voter file consistent with them,
-- and a report; then the runoff plan (turf, turnout model, goals), its
-- scenarios and the model's backtest.  Run from the repository root, in a
-- database where CREATE EXTENSION canvass CASCADE has been done:
--
--   psql -X -v ON_ERROR_STOP=1 -f demo/ga6.sql
--
-- Everything lands in schema ga6, which is dropped and rebuilt on each run.
-- Optional: -v seed=N for another synthetic voter file (default 20170620).

\set ON_ERROR_STOP on
\ir load.sql
\ir check.sql
\ir voterfile.sql
\ir report.sql
\ir turf.sql
\ir targets.sql
\ir scenarios.sql
\ir backtest.sql
\ir scenario_report.sql
