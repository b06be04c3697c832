// Judges scenario expectations of type "findings" with the diagnostics rules. It lives in the CLI
// because the CLI is the composition root of the lab outside VS Code: it may import both the
// engine and the diagnostics, which may not import each other (lint). The engine decides when to
// look (the expectation's time, the lab's one snapshot); this decides what is found there.
import { diagnose } from '../diagnostics/diagnose';
import type { ExpectationJudges, FindingsJudge } from '../engine/expectations';

/** Exactly these rule ids, one per finding, in any order (so a duplicate finding fails too). */
export const judgeFindings: FindingsJudge = (snapshot, expected) => {
  const found = diagnose(snapshot);
  const actual = found.map((f) => f.ruleId).sort();
  const want = [...expected].sort();
  const pass = actual.length === want.length && actual.every((r, i) => r === want[i]);
  const list = found.map((f) => `${f.ruleId} (${f.severity}: ${f.title})`).join('; ') || 'no finding';
  return { pass, detail: pass ? `found ${actual.join(', ') || 'no finding'}` : `found ${list}` };
};

export const CLI_JUDGES: ExpectationJudges = { findings: judgeFindings };
