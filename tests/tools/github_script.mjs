// Run an actions/github-script script the way the action does (an async function given
// require, github, context and core), against an in-memory GitHub that records what the
// script did. Tests only: GitHub itself cannot be reached from the tests.
// stdin: JSON {script, payload, repo: {owner, repo}, runnerTemp, github: {artifacts, zips,
//   pulls: {N: [pr, ...]}, files: {N: [...]}, comments: {N: [...]}}}
//   pulls[N] is the pull request as successive `pulls.get` calls see it (the last repeats).
// stdout: JSON {comments, calls, failed, notices}
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const state = input.github;
const calls = [];
const notices = [];
const failed = [];
let nextId = 9000;

const notFound = () => Object.assign(new Error('Not Found'), { status: 404 });
const seen = {};
const rest = {
  actions: {
    async listWorkflowRunArtifacts({ run_id }) {
      calls.push(['listWorkflowRunArtifacts', run_id]);
      return { data: { total_count: state.artifacts.length, artifacts: state.artifacts } };
    },
    async downloadArtifact({ artifact_id, archive_format }) {
      calls.push(['downloadArtifact', artifact_id, archive_format]);
      const zip = state.zips[String(artifact_id)];
      if (zip === undefined) throw notFound();
      const bytes = Buffer.from(zip, 'base64');
      return { data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) };
    },
  },
  pulls: {
    async get({ pull_number }) {
      calls.push(['pulls.get', pull_number]);
      const versions = state.pulls[String(pull_number)];
      if (!versions) throw notFound();
      const i = Math.min(seen[pull_number] ?? 0, versions.length - 1);
      seen[pull_number] = i + 1;
      return { data: versions[i] };
    },
    async listFiles({ pull_number }) {
      calls.push(['pulls.listFiles', pull_number]);
      return { data: state.files[String(pull_number)] ?? [] };
    },
  },
  issues: {
    async listComments({ issue_number }) {
      calls.push(['issues.listComments', issue_number]);
      return { data: state.comments[String(issue_number)] ?? [] };
    },
    async createComment({ issue_number, body }) {
      calls.push(['issues.createComment', issue_number]);
      const list = (state.comments[String(issue_number)] ??= []);
      list.push({ id: nextId++, user: { login: 'github-actions[bot]', type: 'Bot' }, body });
      return { data: list.at(-1) };
    },
    async updateComment({ comment_id, body }) {
      calls.push(['issues.updateComment', comment_id]);
      for (const list of Object.values(state.comments)) {
        const comment = list.find((c) => c.id === comment_id);
        if (comment) {
          comment.body = body;
          return { data: comment };
        }
      }
      throw notFound();
    },
  },
};
const github = {
  rest,
  // octokit's paginate: the list itself, also for responses that wrap it ({artifacts: [...]})
  async paginate(method, params) {
    const { data } = await method(params);
    if (Array.isArray(data)) return data;
    const key = Object.keys(data).find((k) => Array.isArray(data[k]));
    return data[key];
  },
};
const core = {
  notice: (m) => notices.push(String(m)),
  info: () => {},
  warning: (m) => notices.push(String(m)),
  setFailed: (m) => failed.push(String(m)),
};
const context = { repo: input.repo, payload: input.payload };
process.env.RUNNER_TEMP = input.runnerTemp;
const require = createRequire(import.meta.url);
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
try {
  await new AsyncFunction('require', 'github', 'context', 'core', input.script)(
    require,
    github,
    context,
    core,
  );
} catch (error) {
  failed.push(`uncaught: ${error.stack}`);
}
process.stdout.write(JSON.stringify({ comments: state.comments, calls, failed, notices }));
