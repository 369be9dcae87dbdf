-- share_ci, pvi, pvi_label: exact outputs and every error's message,
-- detail and hint.

-- 81 supporters out of 263 contacts: statsmodels' proportion_confint(81,
-- 263, method='wilson') gives (0.255289, 0.366210).
SELECT round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper FROM canvass.share_ci(81, 263);
SELECT round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper FROM canvass.share_ci(520, 1000, 0.99);
SELECT * FROM canvass.share_ci(0, 0);

-- Cook PVI: .55/.53 against .52/.51 is 2.75 (75/25) or 2.5 (50/50).
SELECT round(canvass.pvi(.55, .52, .53, .51)::numeric, 6) AS pvi_75_25,
       round(canvass.pvi(.55, .52, .53, .51, 0.5)::numeric, 6) AS pvi_50_50;
SELECT x, canvass.pvi_label(x) FROM (VALUES (2.75), (-11.5), (0.49), (-0.5), (0.0)) v(x);

-- Errors.
SELECT canvass.share_ci(11, 10);
SELECT canvass.share_ci(-1, 10);
SELECT canvass.share_ci(1, 10, 95);
SELECT canvass.share_ci('NaN', 10);
SELECT canvass.pvi(55, 52, 53, 51);
SELECT canvass.pvi(.55, .52, .53, .51, 1.5);
SELECT canvass.pvi_label('NaN');
