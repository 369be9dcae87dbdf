-- canvass install script.  Built by `make` from the files of sql/parts in
-- name order; each part holds the objects of one concern.

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION canvass CASCADE" to load this file. \quit

