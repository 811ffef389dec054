/**
 * The report's "Replayed from git" section: per repository `aidecay replay` walked, AI against
 * human code from the same history (the `replay` key of `aidecay/stats` with a source other
 * than `live`, as `aidecay stats --json` has it). The survival figures are the replay's own
 * (Kaplan–Meier curves), never recomputed here. Pure module: must not import `vscode`.
 */
import type { StatTable } from './labels';
import { count, percent } from './labels';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Days the section shows survival at (the replay's curves have these among theirs). */
export const REPLAY_DAYS = ['7d', '30d', '90d'];

export interface ReplayRepo {
  title: string;
  caption: string;
  comparison: StatTable;
  models: StatTable;
}

/** The repositories of a `replay` list, each as an AI-vs-human table and a table of models. */
export function replayRepos(replay: unknown): ReplayRepo[] {
  if (!Array.isArray(replay)) return [];
  return replay.map((raw): ReplayRepo => {
    const repo = obj(raw);
    const ai = obj(repo.ai);
    const human = obj(repo.human);
    const curves = obj(repo.curves);
    const curve = (group: string, day: string): string => percent(num(obj(curves[group])[day]));
    const path = str(repo.repo);
    const name = path.split(/[\\/]/).filter(Boolean).pop() ?? path;
    const head = str(repo.head).slice(0, 12);
    const rows: string[][] = [
      ['lines added', count(num(ai.linesAdded)), count(num(human.linesAdded))],
      ['lines still at HEAD', count(num(ai.linesAtHead)), count(num(human.linesAtHead))],
      ...REPLAY_DAYS.map((d) => [`survival after ${d.replace('d', ' days').replace(/^1 days$/, '1 day')}`, curve('ai', d), curve('human', d)]),
      ['churn within 14 days', percent(num(ai.churn14d)), percent(num(human.churn14d))],
      [
        'regions whose complexity grew',
        `${count(num(ai.complexityGrowthRegions))} of ${count(num(ai.regions))}`,
        `${count(num(human.complexityGrowthRegions))} of ${count(num(human.regions))}`,
      ],
    ];
    const models = (Array.isArray(repo.models) ? repo.models : []).map(obj);
    return {
      title: name || 'repository',
      caption: `${count(num(repo.commits), 'commit')} up to ${head || 'HEAD'}, ${count(num(repo.aiCommits), 'commit')} with AI lines${str(repo.replayedAt) ? ` · replayed ${str(repo.replayedAt).slice(0, 10)}` : ''}`,
      comparison: {
        title: 'AI vs human (git history)',
        headers: ['', 'AI', 'human'],
        rows,
        empty: 'No lines attributed.',
      },
      models: {
        title: 'AI by tool and model (git history)',
        headers: ['tool', 'model', 'regions', 'lines added', 'lines at HEAD'],
        rows: models.map((m) => [str(m.tool) || '–', str(m.model) || '–', count(num(m.regions)), count(num(m.linesAdded)), count(num(m.linesAtHead))]),
        empty: 'No AI commits found.',
      },
    };
  });
}
