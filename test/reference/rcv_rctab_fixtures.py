#!/usr/bin/env python3
"""Builds data/rcv/rctab/: RCTab's single-winner test contests as canvass fixtures.

Usage: rcv_rctab_fixtures.py RCTAB_GIT_DIR COMMIT OUT_DIR SET...

RCTAB_GIT_DIR is a clone of https://github.com/BrightSpots/rcv (read with
`git show`, no work tree needed).  For each test set
(src/test/resources/network/brightspots/rcv/test_data/SET/) it copies the
contest config and RCTab's expected detailed JSON report, and derives
ballots.csv: one row per distinct ranking, `ranking,ballots`, the ranking a
PostgreSQL text[] literal with one element per rank as canvass.rcv_tabulate
reads it, and how many cast vote records rank so (in the order of their
first record).  The CVR files are read as RCTab's readers read them:

- ES&S (.xlsx): the sheet from firstVoteRowIndex, rank columns from
  firstVoteColumnIndex (maxRankingsAllowed of them, or all); each cell as
  written (trimmed): a candidate, the overvoteLabel, the skippedRankLabel or
  the undeclaredWriteInLabel, which rcv_tabulate reads from the config.
  An empty cell is '' (a skipped rank, or an undeclared write-in under
  treatBlankAsUndeclaredWriteIn), up to maxRankingsAllowed when it is a
  number, as RCTab's reader fills them.
- generic CSV: one column per candidate holding the rank given to it; the
  candidates given one rank are joined by the overvote delimiter ('|').
- NIST CDF JSON: each selection's candidate name at each of its ranks.

Only the standard library is used (an .xlsx is a zip of XML).  Also writes
MANIFEST.csv (file, bytes, kind, source path, git blob sha1).
"""
import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

TEST_DATA = 'src/test/resources/network/brightspots/rcv/test_data'
NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}


def git_show(repo, commit, path):
    return subprocess.run(['git', '--git-dir', repo, 'show', f'{commit}:{path}'],
                          check=True, capture_output=True).stdout


def col_index(ref):
    """0-based column of a cell reference such as 'AB12'."""
    n = 0
    for ch in re.match(r'[A-Z]+', ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def xlsx_rows(data):
    """Rows of the first sheet: {row number (1-based): {column (0-based): text}}."""
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', NS):
            shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % NS['m'])))
    book = ET.fromstring(z.read('xl/workbook.xml'))
    rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
    first = book.find('m:sheets/m:sheet', NS)
    rid = first.get('{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id')
    target = [r.get('Target') for r in rels if r.get('Id') == rid][0]
    sheet = ET.fromstring(z.read('xl/' + target.lstrip('/').replace('xl/', '', 1)))
    rows = {}
    for row in sheet.iter('{%s}row' % NS['m']):
        r = int(row.get('r'))
        cells = {}
        for c in row.findall('m:c', NS):
            t = c.get('t')
            if t == 'inlineStr':
                text = ''.join(x.text or '' for x in c.iter('{%s}t' % NS['m']))
            else:
                v = c.find('m:v', NS)
                if v is None:
                    continue
                text = shared[int(v.text)] if t == 's' else v.text
                if t is None and re.fullmatch(r'-?\d+\.0', text or ''):
                    text = text[:-2]
            cells[col_index(c.get('r'))] = text
        rows[r] = cells
    return rows


def ess_ballots(data, source, max_rankings):
    rows = xlsx_rows(data)
    first_col = int(source['firstVoteColumnIndex']) - 1
    first_row = int(source['firstVoteRowIndex'])
    out = []
    for r in sorted(rows):
        if r < first_row:
            continue
        cells = rows[r]
        ranks = [c for c in cells if c >= first_col and (max_rankings is None or c < first_col + max_rankings)]
        last = max(ranks) - first_col + 1 if ranks else 0
        if max_rankings is not None:
            last = max_rankings
        ranking = []
        for k in range(last):
            text = cells.get(first_col + k)
            text = '' if text is None else text.strip()
            delim = source.get('overvoteDelimiter') or ''
            if delim and delim in text:
                text = delim.join(p.strip() for p in text.split(delim))
            ranking.append(text)
        out.append(ranking)
    return out


def csv_ballots(data, source):
    rows = list(csv.reader(io.StringIO(data.decode('utf-8-sig'))))
    first_col = int(source['firstVoteColumnIndex']) - 1
    header = rows[0]
    delim = source.get('overvoteDelimiter') or '|'
    out = []
    for row in rows[1:]:
        by_rank = {}
        for col in range(first_col, len(row)):
            if row[col].strip() == '':
                continue
            by_rank.setdefault(int(row[col].strip()), []).append(header[col])
        last = max(by_rank) if by_rank else 0
        out.append([delim.join(by_rank[k]) if k in by_rank else None for k in range(1, last + 1)])
    return out


def cdf_ballots(data, source):
    doc = json.loads(data)
    names = {}
    for election in doc['Election']:
        cands = {c['@id']: c['Name'] for c in election.get('Candidate', [])}
        for contest in election['Contest']:
            for sel in contest['ContestSelection']:
                ids = sel.get('CandidateIds') or []
                names[sel['@id']] = cands[ids[0]] if ids else sel['@id']
    out = []
    for cvr in doc['CVR']:
        snap = [s for s in cvr['CVRSnapshot'] if s['@id'] == cvr['CurrentSnapshotId']][0]
        by_rank = {}
        for contest in snap.get('CVRContest', []):
            for sel in contest.get('CVRContestSelection', []):
                for pos in sel.get('SelectionPosition', []):
                    if pos.get('HasIndication', 'yes') == 'yes':
                        by_rank.setdefault(int(pos['Rank']), []).append(names[sel['ContestSelectionId']])
        last = max(by_rank) if by_rank else 0
        out.append(['|'.join(by_rank[k]) if k in by_rank else None for k in range(1, last + 1)])
    return out


def pg_array(ranking):
    def el(x):
        if x is None:
            return 'NULL'
        return '"' + x.replace('\\', '\\\\').replace('"', '\\"') + '"'
    return '{' + ','.join(el(x) for x in ranking) + '}'


def blob_sha1(data):
    return hashlib.sha1(b'blob %d\0' % len(data) + data).hexdigest()


def main():
    repo, commit, out_dir, sets = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    manifest = [['file', 'bytes', 'kind', f'source_path_in_BrightSpots_rcv@{commit[:12]}', 'git_blob_sha1']]
    for name in sets:
        folder = f'{TEST_DATA}/{name}'
        os.makedirs(f'{out_dir}/{name}', exist_ok=True)
        cfg_bytes = git_show(repo, commit, f'{folder}/{name}_config.json')
        exp_bytes = git_show(repo, commit, f'{folder}/{name}_expected_detailed_report.json')
        cfg = json.loads(cfg_bytes)
        mr = cfg['rules'].get('maxRankingsAllowed', 'max')
        max_rankings = None if mr in ('max', '') else int(mr)
        ballots = []
        for source in cfg['cvrFileSources']:
            path = os.path.normpath(f'{folder}/{source["filePath"]}')
            data = git_show(repo, commit, path)
            if source['provider'] == 'ess':
                ballots += ess_ballots(data, source, max_rankings)
            elif source['provider'] == 'genericCsv':
                ballots += csv_ballots(data, source)
            elif source['provider'] == 'cdf':
                ballots += cdf_ballots(data, source)
            else:
                raise SystemExit(f'{name}: provider {source["provider"]} not read')
            manifest.append(['', len(data), 'read', path, blob_sha1(data)])
        for fname, data in ((f'{name}_config.json', cfg_bytes),
                            (f'{name}_expected_detailed_report.json', exp_bytes)):
            with open(f'{out_dir}/{name}/{fname}', 'wb') as f:
                f.write(data)
            manifest.append([f'{name}/{fname}', len(data), 'copy', f'{folder}/{fname}', blob_sha1(data)])
        counts = {}
        for r in ballots:
            key = pg_array(r)
            counts[key] = counts.get(key, 0) + 1
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator='\n')
        w.writerow(['ranking', 'ballots'])
        for key, n in counts.items():
            w.writerow([key, n])
        data = buf.getvalue().encode()
        with open(f'{out_dir}/{name}/ballots.csv', 'wb') as f:
            f.write(data)
        manifest.append([f'{name}/ballots.csv', len(data), 'derived', '', blob_sha1(data)])
    with open(f'{out_dir}/MANIFEST.csv', 'w', newline='') as f:
        csv.writer(f, lineterminator='\n').writerows(manifest)


if __name__ == '__main__':
    main()
