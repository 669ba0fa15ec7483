import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pinnedNode, runtimeLine } from '../../bench/runtime.js';

describe("a benchmark's first line names its Node.js", () => {
  it('finds the pinned version in the package.json above the benchmark, as npm installs it', () => {
    const pkg = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pinnedNode(path.resolve('bench'))).toBe(pkg.devDependencies.node);
    expect(pinnedNode(path.resolve('dist', 'bench'))).toBe(pkg.devDependencies.node);
  });

  it('says so plainly on the pinned major version', () => {
    expect(runtimeLine('v24.21.0', '^24.21.0')).toBe('runtime: Node v24.21.0 (pinned: ^24.21.0)');
    expect(runtimeLine('v24.30.1', '^24.21.0')).not.toMatch(/WARNING/);
  });

  it('warns when another Node runs it (the machine\'s own, started without npm run)', () => {
    const line = runtimeLine('v20.20.2', '^24.21.0');
    expect(line).toMatch(/^WARNING: Node v20\.20\.2 runs this benchmark, not the pinned Node \^24\.21\.0/);
    expect(line).toContain('npm run');
  });

  it('names the runtime alone when nothing is pinned', () => {
    expect(runtimeLine('v24.21.0', undefined)).toBe('runtime: Node v24.21.0');
  });
});
