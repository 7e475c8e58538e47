import { JsonFile, awscdk, javascript } from 'projen';

// The floor of aws-cdk-lib that users must have. The tests run against exactly this version
// (projen pins the dev dependency to cdkVersion), so the floor is a tested one.
const CDK_FLOOR = '2.276.0';
const CONSTRUCTS_FLOOR = '10.5.1';
// The CDK CLI that reads the cloud assemblies this aws-cdk-lib writes. (aws-cdk@3.0.0 on npm is a
// deprecated release that cannot read current assemblies: keep to the 2.1xxx line.)
const CDK_CLI = '2.1148.1';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-highly-available-service',
  description:
    'One construct for a redundant, multi-AZ web service on EC2: VPC, ALB, Auto Scaling, Aurora, alarms, secure and resilient by default.',
  author: 'cdk-highly-available-service contributors',
  authorAddress: 'maintainers@cdk-highly-available-service.invalid',
  repositoryUrl: 'https://github.com/cdk-highly-available-service/cdk-highly-available-service.git',
  keywords: ['cdk', 'aws-cdk', 'high-availability', 'multi-az', 'autoscaling', 'aurora', 'resilience'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  cdkVersion: CDK_FLOOR,
  constructsVersion: CONSTRUCTS_FLOOR,
  jsiiVersion: '~6.0.0',

  // CI for this project is `.ci/run` (it runs on a plain machine, not in a hosted workflow),
  // and releases are cut by hand for now.
  github: false,
  release: false,
  depsUpgrade: false,

  // jsii targets. Only the JS package is built here; the others need toolchains and
  // registries (PyPI, Maven, NuGet, Go proxy) that the build machine cannot reach.
  publishToPypi: {
    distName: 'cdk-highly-available-service',
    module: 'cdk_highly_available_service',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkhighlyavailableservice',
    mavenGroupId: 'io.github.cdk-highly-available-service',
    mavenArtifactId: 'cdk-highly-available-service',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkHighlyAvailableService',
    packageId: 'CdkHighlyAvailableService',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-highly-available-service/cdk-highly-available-service-go',
  },

  // Reads YAML CloudFormation templates for the `check` command (bundled: jsii packages take no plain dependencies).
  bundledDeps: ['yaml@^2'],
  bin: { 'cdk-highly-available-service': 'lib/rules/cli.js' },

  devDeps: [
    'cdk-nag@^3.0.2',
    `aws-cdk@${CDK_CLI}`,
    'fast-check@^4',
    // AWS Control Tower's proactive controls as cfn-guard rules (bundles the cfn-guard binary).
    '@cdklabs/cdk-validator-cfnguard@^0.0.62',
    // The AWS SDK clients the Region activation function requires (the Lambda runtime, nodejs24.x,
    // ships SDK v3): its test runs it against moto's server. Pinned below the releases that will
    // require Node.js 22 (announced for January 2027) while CI runs Node.js 20.
    '@aws-sdk/client-auto-scaling@~3.1178.0',
    '@aws-sdk/client-elastic-load-balancing-v2@~3.1142.0',
    // jest's TypeScript transform (see the jest section below).
    '@swc/core@^1.16.22',
    '@swc/jest@^0.2.39',
  ],
  // The Terraform flavor (`tf` submodule) renders through cdktf's base classes, without provider
  // bindings: a peer, so a cdktf app and the library share one cdktf (npm installs it, about 18 MB).
  peerDeps: ['cdktf@^0.21.0'],

  jestOptions: {
    // A snapshot that drifted is a failure, never a silent rewrite. Refresh with `npm run test:update`.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // Synthesis is CPU bound; two workers match the 2-core build machines.
      maxWorkers: 2,
      // Coverage instrumentation costs about a fifth of the suite's time and nothing reads it:
      // `npx jest --coverage` when you want it.
      collectCoverage: false,
      testTimeout: 120_000,
      // The README's snippets import the package by its name.
      moduleNameMapper: {
        '^cdk-highly-available-service$': '<rootDir>/src/index.ts',
        '^cdk-highly-available-service/lib/(.*)$': '<rootDir>/src/$1',
      },
    },
  },

  // The tests are transpiled file by file without type-checking (swc, below); the test task
  // type-checks the whole suite once with tsc instead.
  typecheckTests: true,

  // '/node_modules' (no slash) also keeps out a worktree's symlink to another checkout's node_modules.
  gitignore: ['/node_modules', 'cdk.out', '*.cdk.out', '/examples/**/cdk.out', '/examples/**/cdktf.out', '/.bench/'],
});

// Each flavor needs only its own framework: a CDK app aws-cdk-lib, a cdktf app cdktf (constructs for
// both). Optional peers keep npm from installing the other one (jsii itself has no optional peers:
// the other languages' packages still list both). The compiled index loads each export on first
// use, so importing the package loads neither framework until a flavor is used.
project.package.addField('peerDependenciesMeta', { 'aws-cdk-lib': { optional: true }, 'cdktf': { optional: true } });
project.compileTask.exec('node scripts/lazy-index.js');

// `npm pack` on a fresh clone would pack a package without lib/: build it first when it is missing or older than src/.
project.addTask('prepack', {
  description: 'Compile before packing when lib/ is missing or stale (npm runs this before `npm pack`)',
  exec: 'node scripts/prepack.js',
});

// Every TypeScript snippet of the README is type-checked and synthesized as written: the test task
// first extracts them into test/readme/ (generated, ignored by git and eslint), where they import
// the package by its name, mapped to the sources (paths are relative to test/tsconfig.json).
project.testTask.prependExec('node scripts/readme-snippets.js');
project.tsconfigDev.file.addOverride('compilerOptions.paths', {
  'cdk-highly-available-service': ['../src/index.ts'],
  'cdk-highly-available-service/lib/*': ['../src/*'],
});
project.gitignore.exclude('/test/readme/');
project.eslint?.addIgnorePattern('test/readme/');

// `updateSnapshot: NEVER` makes projen add a `test:update` task that refreshes snapshots on purpose.
project.npmignore?.exclude('/examples/', '/.ci/', '/scripts/', 'cdk.out', 'cdktf.out');

// The quick start's main job: synthesize the example service with the real CDK CLI and print
// its resilience summary.
project.addTask('example', {
  description: 'Synthesize the examples (cdk CLI; cdktf app) and print each service summary',
  exec: 'node scripts/example.js',
  receiveArgs: true,
});

// The packed package where users stand: installed into a fresh CDK app and a fresh cdktf app, each
// with only its own framework, and synthesized (CI runs it after the package step).
project.addTask('smoke', {
  description: 'Install the packed tarball into a fresh CDK app and a fresh cdktf app, each with only its framework, and synthesize both',
  exec: 'node scripts/smoke-packed.js',
  receiveArgs: true,
});

project.addTask('bench', {
  description: 'Time synthesis of the default service against a hand-wired aws-cdk-lib stack',
  exec: 'ts-node --project scripts/tsconfig.json scripts/bench.ts',
  receiveArgs: true,
});

project.addTask('bench:rules', {
  description: 'Time the resilience rule pack (templates of about 100 and 500 resources, one with 3 parameter values) and `check` end to end on a Terraform plan of 100 resources',
  exec: 'ts-node --project scripts/tsconfig.json scripts/bench-rules.ts',
});

// jest transpiles the tests with swc instead of ts-jest: on a clean clone ts-jest's transpiling took
// about 50 of the suite's 300 s of CPU (measured with --no-cache, 1,331 tests). Same output as tsc's
// for this code: ES2022 classes with define semantics (tsconfig.json's target), CommonJS modules.
project.package.file.addOverride('jest.transform', {
  '^.+\\.[t]sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
});
project.deps.removeDependency('ts-jest');

// Scripts and examples are type-checked and linted too: each folder gets a tsconfig that extends
// the library's (eslint's project service finds the nearest one).
for (const dir of ['scripts', 'examples']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, rootDir: '..', isolatedModules: true },
      include: ['**/*.ts'],
      exclude: ['node_modules', '**/cdk.out'],
    },
  });
  project.eslint?.addLintPattern(dir);
  project.eslint?.allowDevDeps(`${dir}/**`);
}

project.synth();
