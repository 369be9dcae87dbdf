-- GA-6 demo, the report as a page: demo/out/report.html, one self-contained
-- HTML file (no script, font or image from outside; maps are inline SVG drawn
-- by PostGIS's ST_AsSVG), and printable turf packets in demo/out/packets/
-- (canvass.turf_packet).  Run after demo/ga6.sql, from the repository root:
--
--   psql -X -v ON_ERROR_STOP=1 -f demo/report_html.sql
--
-- The page holds: the district map with each precinct coloured by the
-- runoff margin, the runoff plan's vote goal by precinct (map and table),
-- one precinct's turf regions (canvass.turf_regions) with their walk
-- routes, and the tables of the text report (demo/report.sql, printed by
-- psql in its HTML format).

\set ON_ERROR_STOP on
-- -v out=DIR writes the files there instead (the tests do).
\if :{?out}
\else
\set out demo/out
\endif
\set report_file :out /report.html
\set packet_dir :out /packets
\setenv CANVASS_PACKET_DIR :packet_dir
\! mkdir -p "$CANVASS_PACKET_DIR"
\pset footer off
\pset tuples_only on
\pset format unaligned
\o :report_file

\qecho '<!DOCTYPE html>'
\qecho '<html lang="en"><head><meta charset="utf-8"><title>GA-6 runoff: field report</title>'
\qecho '<style>'
\qecho 'body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;margin:20px auto;max-width:1100px;color:#1a1a1a;line-height:1.35}'
\qecho 'h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:26px 0 6px;border-bottom:2px solid #333}'
\qecho '.lede{font-size:14px;margin:0 0 10px;color:#333}'
\qecho '.maps{display:flex;gap:16px;flex-wrap:wrap}.maps figure{margin:0;flex:1 1 520px}'
\qecho 'figure svg{width:100%;height:auto;background:#fff;border:1px solid #999}'
\qecho 'figcaption{font-size:13px;margin:4px 0}'
\qecho '.precinct,.goal{stroke:#fff;stroke-width:0.6}.district{fill:none;stroke:#111;stroke-width:2.5}'
\qecho '.turf-region{stroke:#fff;stroke-width:4;stroke-linejoin:round;fill-opacity:0.75}.route{fill:none;stroke:#111;stroke-width:2;stroke-linejoin:round}'
\qecho '.route-start{fill:#111;stroke:#fff;stroke-width:2}.precinct-outline{fill:none;stroke:#111;stroke-width:3}'
\qecho '.turf-label{font-size:22px;font-weight:bold;text-anchor:middle;dominant-baseline:central;fill:#111;stroke:#fff;stroke-width:5px;paint-order:stroke}'
\qecho '.legend{display:flex;flex-wrap:wrap;gap:4px 10px;font-size:12px;margin:4px 0}.legend span{display:inline-flex;align-items:center;gap:4px}'
\qecho '.legend i{display:inline-block;width:18px;height:12px;border:1px solid #777}'
\qecho 'table{border-collapse:collapse;font-size:12px;margin:6px 0 12px;white-space:normal}'
\qecho 'th,td{border:1px solid #aaa;padding:2px 6px}th{background:#eee}td{text-align:right}td:first-child{text-align:left}'
\qecho '.text-report{white-space:pre-line;font-size:13px}'
\qecho '@media print{body{margin:0;max-width:none}.maps figure{break-inside:avoid}}'
\qecho '</style></head><body>'
\qecho '<h1>GA-6 special runoff, 2017-06-20: field report</h1>'
\qecho '<p class="lede">Certified precinct results of the runoff (Handel R, Ossoff D) and the runoff plan built with canvass from the synthetic voter file: vote goals by precinct and turfs of about 50 doors with their walk routes. The voter file is synthetic and says so.</p>'

-- The district frame: longitude scaled by the cosine of the middle
-- latitude, 1000 units wide; ST_AsSVG writes -y, so the affine map sends
-- y to (y - ymax) * s and the page gets (ymax - y) * s.
SELECT ST_XMin(e) AS dx0, ST_YMax(e) AS dy1, cos(radians((ST_YMin(e) + ST_YMax(e)) / 2)) AS dkx,
       1000 / ((ST_XMax(e) - ST_XMin(e)) * cos(radians((ST_YMin(e) + ST_YMax(e)) / 2))) AS ds,
       round(1000 * (ST_YMax(e) - ST_YMin(e)) / ((ST_XMax(e) - ST_XMin(e)) * cos(radians((ST_YMin(e) + ST_YMax(e)) / 2)))) AS dh
FROM (SELECT ST_Extent(geom)::geometry AS e FROM ga6.precinct) x \gset

-- Runoff margin by precinct (Ossoff minus Handel, points of the two-party
-- vote), its colour bin, and the vote goal of the plan.
CREATE TEMP VIEW precinct_map AS
WITH v AS (
    SELECT p.precinct_id, p.county, coalesce(p.precinct_2017, p.shp_precinct_name) AS name, p.geom,
           sum(r.votes) FILTER (WHERE r.candidate = 'Jon Ossoff')   AS ossoff,
           sum(r.votes) FILTER (WHERE r.candidate = 'Karen Handel') AS handel
    FROM ga6.precinct p
    LEFT JOIN ga6.precinct_result r
      ON r.election_date = '2017-06-20' AND r.office = 'U.S. House'
     AND r.county = p.county AND r.precinct = p.precinct_2017
    GROUP BY p.precinct_id, p.county, p.precinct_2017, p.shp_precinct_name, p.geom)
SELECT v.*, 100.0 * (ossoff - handel) / nullif(ossoff + handel, 0) AS margin,
       CASE WHEN coalesce(ossoff + handel, 0) = 0 THEN '#d9d9d9'
            ELSE (ARRAY['#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac'])
                 [width_bucket(100.0 * (ossoff - handel) / (ossoff + handel), ARRAY[-30, -15, -5, 0, 5, 15, 30]::numeric[]) + 1]
       END AS colour,
       pp.vote_goal
FROM v LEFT JOIN ga6.precinct_plan pp USING (precinct_id);

\qecho '<h2>The district: runoff margin and vote goals by precinct</h2>'
\qecho '<div class="maps"><figure>'
\qecho '<figcaption><b>Runoff margin by precinct</b>, points of the two-party vote (grey: no runoff votes cast there).</figcaption>'
\qecho '<div class="legend"><span><i style="background:#b2182b"></i>Handel +30 or more</span><span><i style="background:#d6604d"></i>+15 to 30</span><span><i style="background:#f4a582"></i>+5 to 15</span><span><i style="background:#fddbc7"></i>0 to 5</span><span><i style="background:#d1e5f0"></i>Ossoff 0 to 5</span><span><i style="background:#92c5de"></i>+5 to 15</span><span><i style="background:#4393c3"></i>+15 to 30</span><span><i style="background:#2166ac"></i>Ossoff +30 or more</span><span><i style="background:#d9d9d9"></i>no votes</span></div>'
SELECT format('<svg id="margin-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 %s" role="img" aria-label="runoff margin by precinct">', :dh);
SELECT format('<path class="precinct" data-precinct="%s" fill="%s" d="%s"><title>%s, %s: %s</title></path>',
              precinct_id, colour,
              ST_AsSVG(ST_Affine(geom, :ds * :dkx, 0, 0, :ds, -:ds * :dkx * :dx0, -:ds * :dy1), 0, 1),
              county, replace(replace(replace(name, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
              CASE WHEN margin IS NULL THEN 'no runoff votes'
                   WHEN margin >= 0 THEN 'Ossoff +' || round(margin, 1) ELSE 'Handel +' || round(-margin, 1) END)
FROM precinct_map ORDER BY precinct_id;
SELECT format('<path class="district" d="%s"/>',
              ST_AsSVG(ST_Affine(geom, :ds * :dkx, 0, 0, :ds, -:ds * :dkx * :dx0, -:ds * :dy1), 0, 1))
FROM ga6.district;
\qecho '</svg></figure>'

-- Goals: five bins of the vote goal, by quintile.
SELECT string_agg(format('%s', round(q)), ',' ORDER BY k) AS goal_breaks,
       array_agg(round(q) ORDER BY k)::text AS goal_breaks_arr
FROM (SELECT k, percentile_cont(k / 5.0) WITHIN GROUP (ORDER BY vote_goal) AS q
      FROM ga6.precinct_plan, generate_series(1, 4) k GROUP BY k) b \gset
\qecho '<figure><figcaption><b>Runoff plan: vote goal by precinct</b> (52% of expected runoff turnout, split with canvass.apportion so the goals add up to the district goal).</figcaption>'
SELECT '<div class="legend">' || string_agg(format('<span><i style="background:%s"></i>%s</span>', c, l), '' ORDER BY k) || '<span><i style="background:#d9d9d9"></i>no voters</span></div>'
FROM (SELECT k, (ARRAY['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f'])[k] AS c,
             CASE k WHEN 1 THEN 'under ' || b[1] WHEN 5 THEN b[4] || ' or more'
                    ELSE b[k - 1] || ' to ' || b[k] END || ' votes' AS l
      FROM generate_series(1, 5) k, (SELECT :'goal_breaks_arr'::numeric[] AS b) x) z;
SELECT format('<svg id="goal-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 %s" role="img" aria-label="vote goal by precinct">', :dh);
SELECT format('<path class="goal" data-precinct="%s" fill="%s" d="%s"><title>%s, %s: goal %s votes</title></path>',
              precinct_id,
              CASE WHEN vote_goal IS NULL THEN '#d9d9d9'
                   ELSE (ARRAY['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f'])
                        [width_bucket(vote_goal, :'goal_breaks_arr'::numeric[]) + 1] END,
              ST_AsSVG(ST_Affine(geom, :ds * :dkx, 0, 0, :ds, -:ds * :dkx * :dx0, -:ds * :dy1), 0, 1),
              county, replace(replace(replace(name, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), coalesce(vote_goal::text, 'no'))
FROM precinct_map ORDER BY precinct_id;
SELECT format('<path class="district" d="%s"/>',
              ST_AsSVG(ST_Affine(geom, :ds * :dkx, 0, 0, :ds, -:ds * :dkx * :dx0, -:ds * :dy1), 0, 1))
FROM ga6.district;
\qecho '</svg></figure></div>'

-- One precinct's turfs: the first precinct (by id) cut into 8 to 12 turfs.
SELECT precinct_id AS tp, county AS tcounty, coalesce(precinct_2017, shp_precinct_name) AS tname,
       ST_XMin(e) AS tx0, ST_YMax(e) AS ty1, cos(radians((ST_YMin(e) + ST_YMax(e)) / 2)) AS tkx,
       1000 / greatest((ST_XMax(e) - ST_XMin(e)) * cos(radians((ST_YMin(e) + ST_YMax(e)) / 2)),
                       (ST_YMax(e) - ST_YMin(e)) / 1.2) AS ts
FROM (SELECT p.*, ST_Expand(p.geom, 0.0004)::box2d::geometry AS e FROM ga6.precinct p
      WHERE p.precinct_id = (SELECT precinct_id FROM ga6.turf GROUP BY precinct_id
                             HAVING count(*) BETWEEN 8 AND 12 ORDER BY precinct_id LIMIT 1)) x \gset
SELECT round((ST_XMax(e) - ST_XMin(e)) * :tkx * :ts) AS tw, round((ST_YMax(e) - ST_YMin(e)) * :ts) AS th
FROM (SELECT ST_Expand(geom, 0.0004)::box2d::geometry AS e FROM ga6.precinct WHERE precinct_id = :'tp') x \gset

\qecho '<h2>Turfs of one precinct, with their walk routes</h2>'
SELECT format('<p class="lede">%s, precinct %s: %s turfs of about 50 doors (canvass.turf), each a region of the precinct (canvass.turf_regions: the regions tile the precinct, no gaps, no overlaps, every building in its own turf''s region) with its walk route through the buildings (canvass.walk_order; the dot is where it starts). Packets for turfs 1 to 3 are in demo/out/packets/.</p>',
              :'tcounty', :'tname', count(*))
FROM ga6.turf_region WHERE precinct_id = :'tp';
SELECT format('<figure><svg id="turf-map" data-precinct="%s" data-turfs="%s" data-routes="%s" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" role="img" aria-label="turf regions and walk routes">',
              :'tp', count(*), count(*) FILTER (WHERE stops > 1), :tw, :th)
FROM ga6.turf WHERE precinct_id = :'tp';
SELECT format('<path class="turf-region" data-turf="%s" fill="%s" d="%s"><title>turf %s: %s buildings, %s doors, route %s m</title></path>',
              r.turf_id,
              (ARRAY['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1f78b4', '#b15928', '#6a3d9a', '#fb9a99', '#b2df8a'])[1 + (r.turf_no - 1) % 12],
              ST_AsSVG(ST_Affine(r.region, :ts * :tkx, 0, 0, :ts, -:ts * :tkx * :tx0, -:ts * :ty1), 0, 1),
              r.turf_no, r.buildings, t.doors, t.route_m)
FROM ga6.turf_region r JOIN ga6.turf t USING (turf_id) WHERE r.precinct_id = :'tp' ORDER BY r.turf_no;
SELECT format('<path class="precinct-outline" d="%s"/>',
              ST_AsSVG(ST_Affine(geom, :ts * :tkx, 0, 0, :ts, -:ts * :tkx * :tx0, -:ts * :ty1), 0, 1))
FROM ga6.precinct WHERE precinct_id = :'tp';
SELECT format('<path class="route" data-turf="%s" d="%s"/><circle class="route-start" r="7" %s/>',
              t.turf_id, ST_AsSVG(ST_Affine(t.route, :ts * :tkx, 0, 0, :ts, -:ts * :tkx * :tx0, -:ts * :ty1), 0, 1),
              ST_AsSVG(ST_Affine(ST_StartPoint(t.route), :ts * :tkx, 0, 0, :ts, -:ts * :tkx * :tx0, -:ts * :ty1), 0, 1))
FROM ga6.turf t WHERE t.precinct_id = :'tp' AND t.stops > 1 ORDER BY t.turf_no;
SELECT format('<text class="turf-label" %s>%s</text>',
              replace(replace(ST_AsSVG(ST_Affine(ST_PointOnSurface(r.region), :ts * :tkx, 0, 0, :ts, -:ts * :tkx * :tx0, -:ts * :ty1), 0, 1),
                              'cx=', 'x='), 'cy=', 'y='),
              r.turf_no)
FROM ga6.turf_region r WHERE r.precinct_id = :'tp' ORDER BY r.turf_no;
\qecho '</svg><figcaption>Numbers are turf numbers; lines are walk routes, from the dot.</figcaption></figure>'

-- The tables.
\pset tuples_only off
\pset format html
\pset tableattr 'class="plan"'
\qecho '<h2>Vote goals by precinct</h2>'
\qecho '<p class="lede">The twenty precincts with the largest goals; every precinct follows.</p>'
SELECT pp.precinct_id AS "precinct", m.county, m.name AS "name", pp.voters, round(pp.expected) AS "expected runoff votes",
       pp.win_number AS "win number", pp.vote_goal AS "52% goal",
       CASE WHEN m.margin IS NULL THEN '' WHEN m.margin >= 0 THEN 'D +' || round(m.margin, 1) ELSE 'R +' || round(-m.margin, 1) END AS "runoff margin",
       pp.gotv AS "GOTV universe", pp.persuasion AS "persuasion universe"
FROM ga6.precinct_plan pp JOIN precinct_map m USING (precinct_id)
ORDER BY pp.vote_goal DESC, pp.precinct_id LIMIT 20;
\qecho '<details><summary>All precincts</summary>'
SELECT pp.precinct_id AS "precinct", m.county, m.name AS "name", pp.voters, round(pp.expected) AS "expected runoff votes",
       pp.win_number AS "win number", pp.vote_goal AS "52% goal"
FROM ga6.precinct_plan pp JOIN precinct_map m USING (precinct_id)
ORDER BY m.county, m.name;
\qecho '</details>'
\qecho '<h2>The text report</h2>'
\qecho '<div class="text-report">'
\ir report.sql
\pset format html
\qecho '</div>'
\qecho '<p class="lede">Made by demo/report_html.sql from the tables of schema ga6; canvass turns the same tables into the text report.</p>'
\qecho '</body></html>'
\o

-- Packets: turfs 1 to 3 of the same precinct, one page each; doors are
-- households, knocked in the walk order of their buildings.
\pset format unaligned
\pset tuples_only on
SELECT :'packet_dir' || '/turf-' || turf_id || '.html' AS pf, turf_id AS pt FROM ga6.turf
WHERE precinct_id = :'tp' AND turf_no = 1 \gset
\o :pf
\ir packet.sql
\o
SELECT :'packet_dir' || '/turf-' || turf_id || '.html' AS pf, turf_id AS pt FROM ga6.turf
WHERE precinct_id = :'tp' AND turf_no = 2 \gset
\o :pf
\ir packet.sql
\o
SELECT :'packet_dir' || '/turf-' || turf_id || '.html' AS pf, turf_id AS pt FROM ga6.turf
WHERE precinct_id = :'tp' AND turf_no = 3 \gset
\o :pf
\ir packet.sql
\o
\pset format aligned
\pset tuples_only off
DROP VIEW precinct_map;
