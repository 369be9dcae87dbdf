-- canvass install script.  Built by `make` from the files of sql/parts in
-- name order; each part holds the objects of one concern.

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION canvass CASCADE" to load this file. \quit

-- Every role may call canvass's functions (they are EXECUTE to PUBLIC, as
-- PostgreSQL's default); what a role can read stays decided by the tables'
-- own privileges and row-level security.
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;

