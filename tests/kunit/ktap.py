#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the KTAP a KUnit kernel printed into the project's result lines.

usage: ktap.py TEST_LOG [NAME]

Prints one line per test case, `PASS kunit/<suite>.<case>`, `SKIP ...: why`
or `FAIL kunit/<suite>.<case>: <first failed check, on one line>`, keeping
only names that contain NAME.  A parameterised case is one line; its failure
names the first parameter that failed.  A suite whose plan promised more
cases than the log holds (the kernel died) gets a FAIL line of its own.
Exits 0 if at least one result was found, 2 if the log holds no KTAP.
"""

import re
import sys

TIMESTAMP = re.compile(r'^\[\s*\d+\.\d+\]\s?')
VERSION = re.compile(r'^\s*K?TAP version \d+')
SUBTEST = re.compile(r'^(\s*)# Subtest: (\S+)')
PLAN = re.compile(r'^(\s*)1\.\.(\d+)')
RESULT = re.compile(r'^(\s*)(ok|not ok) \d+(?: -)? ?(.*?)(?: # (SKIP)\s*(.*))?$')
FAILED_AT = re.compile(r'^\s*# (\S+): (?:EXPECTATION|ASSERTION) FAILED at (\S+)')
DIAG = re.compile(r'^\s*(?:# )?(.*\S)\s*$')
MAX_REASON = 400


def one_line(text):
    text = ' '.join(text.split())
    if len(text) > MAX_REASON:
        text = text[:MAX_REASON - 3] + '...'
    return text


class Parser:
    def __init__(self):
        self.results = []       # (suite, case, status, reason)
        self.suite = None
        self.plan = {}          # suite -> number of cases promised
        self.seen = {}          # suite -> number of cases reported
        self.case = None        # current parameterised case name
        self.case_failure = None
        self.diag = None        # lines of the failed check being read
        self.failure = None     # first failed check not yet attached
        self.order = []

    def end_diag(self):
        if self.diag is not None:
            if self.failure is None:
                where, lines = self.diag[0], self.diag[1:]
                self.failure = (where + ' ' + '; '.join(lines)).replace(
                    ', but; ', ', but ')
            self.diag = None

    def take_failure(self):
        self.end_diag()
        failure, self.failure = self.failure, None
        return failure

    def line(self, raw):
        text = TIMESTAMP.sub('', raw.rstrip('\n'))
        m = FAILED_AT.match(text)
        if m:
            self.end_diag()
            self.diag = [m.group(2) + ':']  # file:line:
            return
        m = SUBTEST.match(text)
        if m:
            self.end_diag()
            # a header is indented like the results inside it
            depth = len(m.group(1)) // 4 - 1
            if depth == 0:
                self.suite = m.group(2)
                self.order.append(self.suite)
                self.seen.setdefault(self.suite, 0)
            elif depth == 1:
                self.case = m.group(2)
                self.case_failure = None
            return
        m = PLAN.match(text)
        if m:
            self.end_diag()
            if len(m.group(1)) // 4 == 1 and self.suite:
                self.plan[self.suite] = int(m.group(2))
            return
        m = RESULT.match(text)
        if m:
            self.result(len(m.group(1)) // 4, m.group(2) == 'ok',
                        m.group(3), m.group(4), m.group(5))
            return
        if VERSION.match(text):
            self.end_diag()
            return
        if self.diag is not None:
            d = DIAG.match(text)
            if d:
                self.diag.append(d.group(1))

    def result(self, depth, ok, name, skip, why):
        failure = self.take_failure()
        if depth == 2:
            # one parameter of the current case
            if not ok and self.case_failure is None:
                self.case_failure = '[%s] %s' % (name, failure or 'failed')
            return
        if depth == 1 and self.suite:
            self.seen[self.suite] += 1
            if name == self.case and self.case_failure:
                failure = self.case_failure
            self.case = None
            self.case_failure = None
            if skip:
                status, reason = 'SKIP', why or 'skipped'
            elif ok:
                status, reason = 'PASS', ''
            else:
                status, reason = 'FAIL', failure or 'failed (no message, see the log)'
            self.results.append((self.suite, name, status, reason))
            return
        if depth == 0 and self.suite:
            # the suite's own line: report it only when no case could
            if not ok and not skip and self.seen.get(self.suite, 0) == 0:
                self.results.append((self.suite, None, 'FAIL',
                                     failure or 'suite failed before any case ran'))
            self.suite = None

    def finish(self):
        self.end_diag()
        for suite in self.order:
            promised = self.plan.get(suite, 0)
            seen = self.seen.get(suite, 0)
            if seen < promised:
                self.results.append((suite, None, 'FAIL',
                                     'only %d of %d case results reached the log '
                                     '(the kernel died or its console dropped lines)'
                                     % (seen, promised)))


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    name_filter = argv[2] if len(argv) == 3 else ''
    parser = Parser()
    found = False
    with open(argv[1], errors='replace') as log:
        for raw in log:
            if not found and not VERSION.match(TIMESTAMP.sub('', raw)):
                continue
            found = True
            parser.line(raw)
    if not found:
        return 2
    parser.finish()
    for suite, case, status, reason in parser.results:
        name = 'kunit/%s' % suite if case is None else 'kunit/%s.%s' % (suite, case)
        if name_filter not in name:
            continue
        if status == 'PASS':
            print('PASS %s' % name)
        else:
            print('%s %s: %s' % (status, name, one_line(reason)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
