export const id = 146;
export const ids = [146];
export const modules = {

/***/ 2146:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  PRINCIPAL_WAIT_MS: () => (/* binding */ PRINCIPAL_WAIT_MS),
  consecutiveCodes: () => (/* binding */ consecutiveCodes),
  run: () => (/* binding */ run),
  runInit: () => (/* binding */ runInit)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/engine/errors.ts
var errors = __webpack_require__(7679);
// EXTERNAL MODULE: ./src/engine/totp.ts
var engine_totp = __webpack_require__(6241);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-iam/dist-cjs/index.js
var dist_cjs = __webpack_require__(6764);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var client_sts_dist_cjs = __webpack_require__(1695);
// EXTERNAL MODULE: ./src/engine/bounded-http.ts
var bounded_http = __webpack_require__(7244);
;// CONCATENATED MODULE: ./src/cli/iam.ts



/** IAM is global: the aws partition signs it for us-east-1 (IAM User Guide, "IAM endpoints"). */
const IAM_DEFAULT_REGION = 'us-east-1';
function adminClients(region, profile) {
    const common = {
        region,
        profile,
        maxAttempts: 3,
        // The same bounds as the STS calls: a deadline over each whole exchange, a cap on its size.
        requestHandler: new bounded_http/* BoundedHttpHandler */.e$({ connectionTimeout: bounded_http/* CONNECT_TIMEOUT_MS */.cC }),
        customUserAgent: 'aws-assume-role-mfa-init'
    };
    return { iam: new dist_cjs/* IAMClient */.h8v(common), sts: new client_sts_dist_cjs/* STSClient */.iM(common) };
}
/** An AWS error's code (the SDK's exception name), for the few `init` tells apart. */
function awsErrorName(error) {
    return error?.name;
}
const isNoSuchEntity = (error) => awsErrorName(error) === 'NoSuchEntityException';
const isAlreadyExists = (error) => awsErrorName(error) === 'EntityAlreadyExistsException';
/** The calls, each checking that AWS answered what it must. */
function iamCalls({ iam, sts }) {
    const required = (value, what) => {
        if (value === undefined || value === null || value === '') {
            throw new Error(`IAM answered without ${what}.`);
        }
        return value;
    };
    return {
        async callerArn() {
            const answer = await sts.send(new client_sts_dist_cjs/* GetCallerIdentityCommand */.zI({}));
            return {
                arn: required(answer.Arn, 'the caller ARN'),
                account: required(answer.Account, 'the account')
            };
        },
        async userArn(name) {
            try {
                const answer = await iam.send(new dist_cjs/* GetUserCommand */.T3b({ UserName: name }));
                return required(answer.User?.Arn, "the user's ARN");
            }
            catch (error) {
                if (isNoSuchEntity(error))
                    return undefined;
                throw error;
            }
        },
        async createUser(name) {
            const answer = await iam.send(new dist_cjs/* CreateUserCommand */.nMY({ UserName: name }));
            return required(answer.User?.Arn, "the new user's ARN");
        },
        async deleteUser(name) {
            await iam.send(new dist_cjs/* DeleteUserCommand */.O56({ UserName: name }));
        },
        async mfaDevices(user) {
            const answer = await iam.send(new dist_cjs/* ListMFADevicesCommand */.UxV({ UserName: user, MaxItems: 100 }));
            return (answer.MFADevices ?? []).map(device => device.SerialNumber ?? '');
        },
        async createVirtualMfaDevice(name) {
            const answer = await iam.send(new dist_cjs/* CreateVirtualMFADeviceCommand */.XHT({ VirtualMFADeviceName: name }));
            const device = answer.VirtualMFADevice;
            // A blob holding the base32 text (IAM API reference: VirtualMFADevice, Base32StringSeed).
            const seed = Buffer.from(required(device?.Base32StringSeed, 'the seed')).toString('ascii');
            return { serial: required(device?.SerialNumber, "the device's serial"), seed };
        },
        async enableMfaDevice(user, serial, code1, code2) {
            await iam.send(new dist_cjs/* EnableMFADeviceCommand */.ZVq({
                UserName: user,
                SerialNumber: serial,
                AuthenticationCode1: code1,
                AuthenticationCode2: code2
            }));
        },
        async deactivateMfaDevice(user, serial) {
            await iam.send(new dist_cjs/* DeactivateMFADeviceCommand */.ShG({ UserName: user, SerialNumber: serial }));
        },
        async deleteVirtualMfaDevice(serial) {
            await iam.send(new dist_cjs/* DeleteVirtualMFADeviceCommand */.Oem({ SerialNumber: serial }));
        },
        async role(name) {
            try {
                const answer = await iam.send(new dist_cjs/* GetRoleCommand */.kbp({ RoleName: name }));
                // "URL-encoded compliant with RFC 3986" (IAM API reference: Role).
                const encoded = required(answer.Role?.AssumeRolePolicyDocument, 'the trust policy');
                return { arn: required(answer.Role?.Arn, "the role's ARN"), trustPolicy: decode(encoded) };
            }
            catch (error) {
                if (isNoSuchEntity(error))
                    return undefined;
                throw error;
            }
        },
        async createRole(name, trustPolicy) {
            const answer = await iam.send(new dist_cjs/* CreateRoleCommand */.IS({
                RoleName: name,
                AssumeRolePolicyDocument: trustPolicy,
                Description: 'Assumed with MFA by aws-assume-role-mfa'
            }));
            return required(answer.Role?.Arn, "the new role's ARN");
        },
        async deleteRole(name) {
            await iam.send(new dist_cjs/* DeleteRoleCommand */.$kI({ RoleName: name }));
        },
        async putUserPolicy(user, name, document) {
            await iam.send(new dist_cjs/* PutUserPolicyCommand */.CkV({ UserName: user, PolicyName: name, PolicyDocument: document }));
        },
        async deleteUserPolicy(user, name) {
            await iam.send(new dist_cjs/* DeleteUserPolicyCommand */.QJ2({ UserName: user, PolicyName: name }));
        },
        async createAccessKey(user) {
            const answer = await iam.send(new dist_cjs/* CreateAccessKeyCommand */.hN({ UserName: user }));
            return {
                accessKeyId: required(answer.AccessKey?.AccessKeyId, 'the access key id'),
                secretAccessKey: required(answer.AccessKey?.SecretAccessKey, 'the secret access key')
            };
        },
        async deleteAccessKey(user, accessKeyId) {
            await iam.send(new dist_cjs/* DeleteAccessKeyCommand */.yq0({ UserName: user, AccessKeyId: accessKeyId }));
        }
    };
}
function decode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}

;// CONCATENATED MODULE: ./src/cli/trust-policy.ts
/**
 * The policies `init` writes: the role's trust policy (the user, with MFA, recently) and the
 * user's inline policy (sts:AssumeRole on that role only); and whether an existing role's trust
 * policy already lets the user in with MFA (IAM JSON policy reference; IAM User Guide,
 * "Configuring MFA-protected API access").
 */
/** Seconds since the MFA check that the trust policy allows, by default: as docs/setup.md. */
const DEFAULT_MFA_MAX_AGE_SECONDS = 300;
function trustPolicy(userArn, mfaMaxAgeSeconds) {
    return JSON.stringify({
        Version: '2012-10-17',
        Statement: [
            {
                Effect: 'Allow',
                Principal: { AWS: userArn },
                Action: 'sts:AssumeRole',
                Condition: {
                    Bool: { 'aws:MultiFactorAuthPresent': 'true' },
                    NumericLessThan: { 'aws:MultiFactorAuthAge': String(mfaMaxAgeSeconds) }
                }
            }
        ]
    }, null, 2);
}
function assumeRolePolicy(roleArn) {
    return JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }]
    });
}
/** The user's inline policy's name: one per role, so a second role adds its own. */
function userPolicyName(roleName) {
    return `aws-assume-role-mfa-${roleName}`.slice(0, 128);
}
const list = (value) => value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
/**
 * Whether some statement allows the user (by ARN, or the account's root) sts:AssumeRole with
 * `Bool aws:MultiFactorAuthPresent true`. BoolIfExists does not require MFA: long-term keys
 * without a code carry no such key, and IfExists lets that pass. Deny statements are not weighed:
 * the role is then left alone and the message says what to check.
 */
function trustFits(document, userArn) {
    let statements;
    try {
        const policy = JSON.parse(document);
        statements = [].concat(policy.Statement ?? []);
    }
    catch {
        return false;
    }
    const account = userArn.split(':')[4];
    const root = [`arn:aws:iam::${account}:root`, account];
    return statements.some(statement => {
        const principal = statement.Principal;
        const principals = list(principal?.AWS);
        const actions = list(statement.Action).map(action => action.toLowerCase());
        const mfa = statement.Condition?.Bool?.['aws:MultiFactorAuthPresent'];
        return (statement.Effect === 'Allow' &&
            principals.some(p => p === userArn || root.includes(p)) &&
            actions.some(action => ['sts:assumerole', 'sts:*', '*'].includes(action)) &&
            String(mfa).toLowerCase() === 'true');
    });
}

// EXTERNAL MODULE: ./src/cli/options.ts
var cli_options = __webpack_require__(776);
;// CONCATENATED MODULE: ./src/cli/init-options.ts



/** The GitHub secrets the new access key goes into, as the README's workflow names them. */
const ACCESS_KEY_SECRETS = {
    accessKeyId: 'AWS_ACCESS_KEY_ID',
    secretAccessKey: 'AWS_SECRET_ACCESS_KEY'
};
// IAM API reference, CreateUser / CreateRole / CreateVirtualMFADevice: name length and pattern.
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
const DEVICE_NAME = /^[\w+=,.@-]{1,226}$/;
// GitHub: letters, digits and _, not starting with a digit or GITHUB_ ("Naming your secrets").
const SECRET_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/i;
const REPO = /^[\w.-]+\/[\w.-]+$/;
function parseInitCommandLine(argv) {
    const values = (0,cli_options/* parseUsage */.Zb)(argv, {
        'user-name': { type: 'string' },
        'device-name': { type: 'string' },
        'role-name': { type: 'string' },
        'seed-file': { type: 'string' },
        'github-secret': { type: 'string' },
        'github-repo': { type: 'string' },
        'github-environment': { type: 'string' },
        'create-access-key': { type: 'boolean' },
        'mfa-max-age-seconds': { type: 'string' },
        profile: { type: 'string' },
        'aws-region': { type: 'string' },
        help: { type: 'boolean', short: 'h' }
    }, 'every value follows its option, as in --user-name NAME.');
    const text = (name) => {
        const value = values[name];
        return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    };
    const options = {
        help: values.help === true,
        userName: text('user-name') ?? '',
        deviceName: text('device-name') ?? text('user-name') ?? '',
        roleName: text('role-name'),
        seedFile: text('seed-file'),
        githubSecret: text('github-secret'),
        githubRepo: text('github-repo'),
        githubEnvironment: text('github-environment'),
        createAccessKey: values['create-access-key'] === true,
        profile: text('profile'),
        region: text('aws-region'),
        mfaMaxAgeSeconds: Number(text('mfa-max-age-seconds') ?? DEFAULT_MFA_MAX_AGE_SECONDS)
    };
    if (options.help)
        return options;
    const problems = initProblems(options, text('mfa-max-age-seconds'));
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    return options;
}
function initProblems(options, maxAge) {
    const problems = [];
    if (!options.userName) {
        problems.push('Option --user-name is required: the IAM user the workflow signs in as.');
    }
    else if (!IAM_NAME.test(options.userName)) {
        problems.push(`Invalid --user-name '${options.userName}': 1 to 64 letters, digits and +=,.@_- only.`);
    }
    if (options.userName && !DEVICE_NAME.test(options.deviceName)) {
        problems.push(`Invalid --device-name '${options.deviceName}': 1 to 226 letters, digits and +=,.@_- only.`);
    }
    if (options.roleName !== undefined && !IAM_NAME.test(options.roleName)) {
        problems.push(`Invalid --role-name '${options.roleName}': 1 to 64 letters, digits and +=,.@_- only.`);
    }
    if (!options.seedFile && !options.githubSecret) {
        problems.push('Say where the seed goes: --seed-file PATH (a new file, mode 600), --github-secret NAME ' +
            '(through gh secret set), or both. AWS shows a seed only once.');
    }
    if (options.githubSecret !== undefined && !SECRET_NAME.test(options.githubSecret)) {
        problems.push(`Invalid --github-secret '${options.githubSecret}': letters, digits and _, not starting ` +
            'with a digit or GITHUB_.');
    }
    if (options.githubSecret &&
        options.createAccessKey &&
        Object.values(ACCESS_KEY_SECRETS).includes(options.githubSecret.toUpperCase())) {
        problems.push(`--github-secret ${options.githubSecret} is where --create-access-key puts the key: name ` +
            'the seed secret otherwise, e.g. AWS_MFA_SEED.');
    }
    if (!options.githubSecret && (options.githubRepo || options.githubEnvironment)) {
        problems.push('--github-repo and --github-environment go with --github-secret.');
    }
    if (options.githubRepo !== undefined && !REPO.test(options.githubRepo)) {
        problems.push(`Invalid --github-repo '${options.githubRepo}'. Expected OWNER/REPO.`);
    }
    if (options.createAccessKey && !options.githubSecret) {
        problems.push('--create-access-key needs --github-secret: the new key goes straight into the GitHub ' +
            `secrets ${ACCESS_KEY_SECRETS.accessKeyId} and ${ACCESS_KEY_SECRETS.secretAccessKey}, ` +
            'and is never printed or written to a file.');
    }
    if (!(Number.isInteger(options.mfaMaxAgeSeconds) && options.mfaMaxAgeSeconds >= 1) ||
        (maxAge !== undefined && !/^\d+$/.test(maxAge))) {
        problems.push(`Invalid --mfa-max-age-seconds '${maxAge}': a whole number of seconds, e.g. 300.`);
    }
    if (options.mfaMaxAgeSeconds !== DEFAULT_MFA_MAX_AGE_SECONDS && !options.roleName) {
        problems.push('--mfa-max-age-seconds goes with --role-name: it is a condition of the role.');
    }
    return problems;
}
const INIT_HELP = `Usage: aws-assume-role-mfa init --user-name NAME [--role-name NAME]
           (--seed-file PATH | --github-secret NAME [--github-repo OWNER/REPO]) [options]

Sets up, once, as an administrator of the AWS account, what the action needs: the IAM user, a
virtual MFA device for it (created, then enabled with two consecutive codes computed from its
seed), and, with --role-name, a role that trusts the user only with MFA. The seed goes where you
say, and nowhere else: never on the screen. The administrator's credentials come from the AWS
SDK's default chain (AWS_ACCESS_KEY_ID..., or --profile).

  --user-name NAME              the IAM user the workflow signs in as; created if missing
  --device-name NAME            the virtual MFA device (default: the user name)
  --role-name NAME              the role to assume; created if missing, with a trust policy that
                                names the user and requires MFA; the user may assume it and no
                                other role (an inline policy). An existing role is never changed:
                                its trust policy must already let the user in with MFA
  --mfa-max-age-seconds N       the role's aws:MultiFactorAuthAge bound (default ${DEFAULT_MFA_MAX_AGE_SECONDS})
  --seed-file PATH              write the seed to this new file (mode 600; never overwritten)
  --github-secret NAME          store the seed as this GitHub secret, with gh secret set (the seed
                                goes to gh on standard input, never on a command line)
  --github-repo OWNER/REPO      the repository (default: gh's, that of the current folder)
  --github-environment NAME     an environment's secrets rather than the repository's
  --create-access-key           also create an access key for the user, straight into the secrets
                                ${ACCESS_KEY_SECRETS.accessKeyId} and ${ACCESS_KEY_SECRETS.secretAccessKey} (needs --github-secret)
  --profile NAME                the administrator's profile
  --aws-region REGION           region to sign IAM requests for (default: AWS_REGION, else us-east-1)
  -h, --help                    this help

Everything that can be checked is checked before anything is created. When a step fails after
that, what this run created is removed again, and what could not be is listed.

Example:
  aws-assume-role-mfa init --user-name ci-deploy --role-name deploy \\
      --github-secret AWS_MFA_SEED --github-environment production --create-access-key

Standard output gets the device ARN, the role ARN and a workflow step; messages go to standard
error. The exit code is 0 on success, 1 otherwise.
`;

// EXTERNAL MODULE: ./src/engine/credentials.ts
var credentials = __webpack_require__(3656);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/cli/seed-store.ts



/**
 * Where `init` puts the seed (and, when asked, the new access key): a file of the caller's own,
 * and GitHub secrets through the GitHub CLI. The seed is never an argument of a command (`ps`
 * and shell history would keep it): gh reads it on standard input.
 */
/** Problems with --seed-file that are known before anything is created; none when it is usable. */
function seedFileProblems(path) {
    try {
        (0,external_node_fs_.lstatSync)(path);
        return [
            `--seed-file ${path} exists, and is never overwritten: name a file that does not exist yet ` +
                '(it may hold the seed of another device).'
        ];
    }
    catch (error) {
        if (error.code !== 'ENOENT') {
            return [`Cannot check --seed-file ${path} (${error.code}).`];
        }
    }
    try {
        if (!(0,external_node_fs_.statSync)((0,external_node_path_.dirname)(path)).isDirectory())
            throw new Error('ENOTDIR');
    }
    catch {
        return [`--seed-file ${path}: its folder ${(0,external_node_path_.dirname)(path)} does not exist; create it first.`];
    }
    return [];
}
/**
 * Creates the file, readable and writable by its owner only, and writes the seed. It must not
 * exist: O_EXCL refuses an existing file and any symlink (even one to nowhere, which O_CREAT
 * would otherwise follow), so two runs cannot both write it and a planted link cannot redirect it.
 */
function writeSeedFile(path, seed) {
    // Windows has neither the flag nor the mode bits; O_EXCL alone is honoured there.
    const noFollow = external_node_fs_.constants.O_NOFOLLOW ?? 0;
    const fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | noFollow, 0o600);
    try {
        // The mode given to open is reduced by the umask, never raised: set it outright.
        if (process.platform !== 'win32')
            (0,external_node_fs_.fchmodSync)(fd, 0o600);
        (0,external_node_fs_.writeSync)(fd, `${seed}\n`);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/** gh is bounded: a hung login prompt or network must not hold `init` (and its rollback) forever. */
const GH_TIMEOUT_MS = 60_000;
/** Runs gh with `input` on standard input; its standard output is dropped, its errors kept. */
function runGh(args, env, input = '', timeoutMs = GH_TIMEOUT_MS) {
    return new Promise(resolve => {
        const child = (0,external_node_child_process_.spawn)('gh', args, {
            env: { ...env, GH_PROMPT_DISABLED: '1' },
            stdio: ['pipe', 'ignore', 'pipe'],
            timeout: timeoutMs
        });
        let stderr = '';
        child.stderr.on('data', chunk => (stderr += chunk));
        child.on('error', error => resolve({ code: null, stderr, error }));
        child.on('close', code => resolve({ code, stderr: stderr.trim() }));
        child.stdin.on('error', () => { }); // gh may exit before reading: its exit code says why
        child.stdin.end(input);
    });
}
const targetArgs = ({ repo, environment }) => [
    ...(repo ? ['--repo', repo] : []),
    ...(environment ? ['--env', environment] : [])
];
/**
 * Problems found before anything is created: gh missing, not signed in, or unable to list the
 * secrets of the target (no access to the repository, or no repository in this folder).
 */
async function githubProblems(target, env) {
    const auth = await runGh(['auth', 'status'], env);
    if (auth.error?.code === 'ENOENT') {
        return [
            '--github-secret needs the GitHub CLI, gh, which is not on PATH: install it ' +
                '(https://cli.github.com), run gh auth login, or use --seed-file alone.'
        ];
    }
    if (auth.code !== 0) {
        return [`gh is not signed in to GitHub (gh auth status failed): run gh auth login first.`];
    }
    const list = await runGh(['secret', 'list', ...targetArgs(target)], env);
    if (list.code !== 0) {
        const where = target.repo ? `repository ${target.repo}` : "this folder's repository";
        return [
            `gh cannot list the secrets of ${where}${target.environment ? `, environment ${target.environment}` : ''}` +
                ` (${lastLine(list.stderr)}): check --github-repo, --github-environment and your access.`
        ];
    }
    return [];
}
/** `gh secret set NAME` with the value on standard input. Throws with gh's last line on failure. */
async function setGithubSecret(name, value, target, env) {
    const result = await runGh(['secret', 'set', name, ...targetArgs(target)], env, value);
    if (result.code !== 0) {
        throw new Error(`gh secret set ${name} failed: ${lastLine(result.stderr) || 'no message'}`);
    }
}
function lastLine(text) {
    return text.trim().split('\n').pop() ?? '';
}

;// CONCATENATED MODULE: ./src/cli/init.ts









/** `init`, as main.ts runs it: set-up, once, by an administrator. */
async function run(argv, { io, log }) {
    const options = parseInitCommandLine(argv);
    if (options.help) {
        io.stdout.write(INIT_HELP);
        return 0;
    }
    // --profile names the administrator's keys: keys in the environment must not compete with them.
    if (options.profile)
        for (const name of credentials/* CREDENTIAL_VARIABLES */.eB)
            delete io.env[name];
    await runInit(options, {
        env: io.env,
        stdout: io.stdout,
        clock: io.clock,
        info: log.info,
        mask: log.mask
    });
    return 0;
}
async function runInit(options, io) {
    const seedFile = options.seedFile && (0,external_node_path_.resolve)(options.seedFile);
    const github = { repo: options.githubRepo, environment: options.githubEnvironment };
    const problems = seedFile ? seedFileProblems(seedFile) : [];
    if (options.githubSecret)
        problems.push(...(await githubProblems(github, io.env)));
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    const region = options.region || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || IAM_DEFAULT_REGION;
    const iam = iamCalls(adminClients(region, options.profile));
    const plan = await lookUp(iam, options, io);
    const undo = [];
    const secretsSet = [];
    let seedWritten = false;
    let step = 'CreateVirtualMFADevice';
    const interruption = new Interruption(io.info);
    /** The next step: unless interrupted, which stops here and undoes. */
    const at = (name) => {
        interruption.check();
        step = name;
    };
    interruption.start();
    try {
        const device = await createDevice(iam, options);
        io.mask(device.seed);
        const { serial } = device;
        undo.push({
            what: `the MFA device ${serial}`,
            command: `aws iam delete-virtual-mfa-device --serial-number ${serial}`,
            run: () => iam.deleteVirtualMfaDevice(serial)
        });
        io.info(`Created the virtual MFA device ${serial}.`);
        if (seedFile) {
            at(`writing ${seedFile}`);
            writeSeedFile(seedFile, device.seed);
            seedWritten = true;
            io.info(`Wrote its seed to ${seedFile} (mode 600).`);
        }
        const user = options.userName;
        let userArn = plan.userArn;
        if (!plan.userExists) {
            at('CreateUser');
            userArn = await iam.createUser(user);
            undo.push({
                what: `the IAM user ${user}`,
                command: `aws iam delete-user --user-name ${user}`,
                run: () => iam.deleteUser(user)
            });
            io.info(`Created the IAM user ${userArn} (it had none).`);
        }
        let roleArn = plan.roleArn;
        const roleName = options.roleName;
        if (roleName) {
            if (!roleArn) {
                at('CreateRole');
                const policy = trustPolicy(userArn, options.mfaMaxAgeSeconds);
                roleArn = await untilPrincipalVisible(() => iam.createRole(roleName, policy), io, () => interruption.check());
                undo.push({
                    what: `the role ${roleName}`,
                    command: `aws iam delete-role --role-name ${roleName}`,
                    run: () => iam.deleteRole(roleName)
                });
                io.info(`Created the role ${roleArn}: it trusts ${userArn}, with MFA only.`);
            }
            at('PutUserPolicy');
            const policy = userPolicyName(roleName);
            await iam.putUserPolicy(user, policy, assumeRolePolicy(roleArn));
            undo.push({
                what: `the policy ${policy} of ${user}`,
                command: `aws iam delete-user-policy --user-name ${user} --policy-name ${policy}`,
                run: () => iam.deleteUserPolicy(user, policy)
            });
            io.info(`Allowed ${user} sts:AssumeRole on ${roleArn} only (inline policy ${policy}).`);
        }
        at('EnableMFADevice');
        const totp = { secret: device.seed, ...engine_totp/* AWS_TOTP_DEFAULTS */.FA };
        const [code1, code2] = await consecutiveCodes(totp, io, () => interruption.check());
        await iam.enableMfaDevice(user, serial, code1, code2);
        undo.push({
            what: `the MFA device ${serial} enabled for ${user}`,
            command: `aws iam deactivate-mfa-device --user-name ${user} --serial-number ${serial}`,
            run: () => iam.deactivateMfaDevice(user, serial)
        });
        io.info(`Enabled ${serial} for ${user}.`);
        let key;
        if (options.createAccessKey) {
            at('CreateAccessKey');
            key = await iam.createAccessKey(user);
            io.mask(key.secretAccessKey);
            const { accessKeyId } = key;
            undo.push({
                what: `the access key ${accessKeyId} of ${user}`,
                command: `aws iam delete-access-key --user-name ${user} --access-key-id ${accessKeyId}`,
                run: () => iam.deleteAccessKey(user, accessKeyId)
            });
            io.info(`Created the access key ${accessKeyId} for ${user}.`);
        }
        if (options.githubSecret) {
            const secrets = [
                ...(key
                    ? [
                        [ACCESS_KEY_SECRETS.accessKeyId, key.accessKeyId],
                        [ACCESS_KEY_SECRETS.secretAccessKey, key.secretAccessKey]
                    ]
                    : []),
                [options.githubSecret, device.seed]
            ];
            for (const [name, value] of secrets) {
                at(`gh secret set ${name}`);
                await setGithubSecret(name, value, github, io.env);
                secretsSet.push(name);
                io.info(`Stored GitHub secret ${name}${where(github)}.`);
            }
        }
        io.stdout.write(summary({ serial, roleArn, userArn, region, options, keySecrets: key !== undefined }));
    }
    catch (error) {
        const notUndone = await rollBack(undo, io);
        const lines = [`init failed at ${step}: ${describe(error)}`];
        if (undo.length > 0 && notUndone.length === 0) {
            lines.push('Everything this run created in AWS was removed again.');
        }
        const deviceKept = notUndone.some(u => u.what.startsWith('the MFA device'));
        if (seedWritten && seedFile) {
            if (deviceKept) {
                lines.push(`The seed is kept in ${seedFile}: the device it belongs to still exists.`);
            }
            else {
                try {
                    (0,external_node_fs_.unlinkSync)(seedFile);
                }
                catch {
                    notUndone.push({
                        what: `the seed file ${seedFile}`,
                        command: `rm ${seedFile}`,
                        run: noop
                    });
                }
            }
        }
        for (const name of secretsSet) {
            notUndone.push({
                what: `the GitHub secret ${name}, which now holds a value that no longer works`,
                command: `gh secret delete ${name}${github.repo ? ` --repo ${github.repo}` : ''}${github.environment ? ` --env ${github.environment}` : ''}`,
                run: noop
            });
        }
        if (notUndone.length > 0) {
            lines.push('Could not undo, do it by hand:');
            for (const u of notUndone)
                lines.push(`  ${u.what}: ${u.command}`);
        }
        throw new errors/* ActionError */.lZ(lines.join('\n'), { cause: error });
    }
    finally {
        interruption.stop();
    }
}
/**
 * Ctrl-C (or SIGTERM) while things are being created: the run stops at the next step (within a
 * second while it waits for a window) and undoes what it created. A second signal is not caught:
 * it ends the process at once, undoing nothing more.
 */
class Interruption {
    info;
    signal;
    onSignal = (signal) => {
        this.stop();
        this.signal = signal;
        this.info(`${signal}: stopping, and undoing what this run created (again to stop at once).`);
    };
    constructor(info) {
        this.info = info;
    }
    start() {
        process.on('SIGINT', this.onSignal);
        process.on('SIGTERM', this.onSignal);
    }
    stop() {
        process.off('SIGINT', this.onSignal);
        process.off('SIGTERM', this.onSignal);
    }
    check() {
        if (this.signal)
            throw new errors/* ActionError */.lZ(`Interrupted by ${this.signal}.`);
    }
}
const noop = async () => { };
/** What exists already, found without changing anything. Refuses what init cannot do cleanly. */
async function lookUp(iam, options, io) {
    const reach = async (what, call) => {
        try {
            return await call();
        }
        catch (error) {
            throw new errors/* ActionError */.lZ(`Cannot ${what} (${describe(error)}). Nothing was created. init needs an administrator's ` +
                'credentials (the AWS SDK default chain, or --profile) allowed to manage IAM users, MFA ' +
                'devices and roles.', { cause: error });
        }
    };
    const caller = await reach('reach AWS as the administrator', () => iam.callerArn());
    io.info(`Working as ${caller.arn}.`);
    const partition = caller.arn.split(':')[1] || 'aws';
    const user = options.userName;
    const existing = await reach(`read the IAM user ${user}`, () => iam.userArn(user));
    const userArn = existing ?? `arn:${partition}:iam::${caller.account}:user/${user}`;
    const problems = [];
    if (existing) {
        const serials = await reach(`list the MFA devices of ${user}`, () => iam.mfaDevices(user));
        const same = serials.find(serial => serial.endsWith(`:mfa/${options.deviceName}`));
        if (same) {
            problems.push(`The IAM user ${user} already has the MFA device ${same}: a device's seed cannot be read ` +
                'back, so init does not reuse it. Give another --device-name, or remove that device ' +
                `first (aws iam deactivate-mfa-device --user-name ${user} --serial-number ${same}, ` +
                `then aws iam delete-virtual-mfa-device --serial-number ${same}).`);
        }
        else if (serials.length >= 8) {
            problems.push(`The IAM user ${user} has 8 MFA devices, the most IAM allows.`);
        }
    }
    let roleArn;
    if (options.roleName) {
        const roleName = options.roleName;
        const role = await reach(`read the role ${roleName}`, () => iam.role(roleName));
        if (role && !trustFits(role.trustPolicy, userArn)) {
            problems.push(`The role ${role.arn} exists, and its trust policy does not let ${userArn} assume it ` +
                'with MFA. init leaves an existing role alone: add this statement to its trust policy ' +
                `(IAM > Roles > ${roleName} > Trust relationships), then run init again:\n` +
                trustStatement(userArn, options.mfaMaxAgeSeconds));
        }
        roleArn = role?.arn;
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    return { userExists: existing !== undefined, userArn, roleArn };
}
function trustStatement(userArn, maxAge) {
    const policy = JSON.parse(trustPolicy(userArn, maxAge));
    return JSON.stringify(policy.Statement[0], null, 2);
}
async function createDevice(iam, options) {
    try {
        return await iam.createVirtualMfaDevice(options.deviceName);
    }
    catch (error) {
        if (!isAlreadyExists(error))
            throw error;
        throw new errors/* InputError */.dz([
            `An MFA device named ${options.deviceName} exists in this account already (left unassigned ` +
                'by an earlier attempt, or assigned to another user). Give another --device-name, or ' +
                'delete that device (aws iam list-virtual-mfa-devices shows it; ' +
                'aws iam delete-virtual-mfa-device removes it).'
        ]);
    }
}
/** How long a just-created user may stay invisible to trust policies, and how often to look. */
const PRINCIPAL_WAIT_MS = 20_000;
const PRINCIPAL_POLL_MS = 2_000;
/**
 * IAM refuses a trust policy that names a user it cannot resolve ("Invalid principal in policy"),
 * and a user created a moment ago may not be resolvable yet: IAM is eventually consistent (IAM
 * User Guide, "Changes that I make are not always immediately visible"). Retried for a bounded
 * time; any other error at once.
 */
async function untilPrincipalVisible(call, io, check) {
    const deadline = io.clock.now() + PRINCIPAL_WAIT_MS;
    for (;;) {
        try {
            return await call();
        }
        catch (error) {
            const e = error;
            const invisible = e?.name === 'MalformedPolicyDocumentException' && /invalid principal/i.test(e.message ?? '');
            if (!invisible || io.clock.now() + PRINCIPAL_POLL_MS > deadline)
                throw error;
            io.info('IAM does not know the new user yet (it takes a few seconds): trying again.');
            await io.clock.sleep(PRINCIPAL_POLL_MS);
            check();
        }
    }
}
/**
 * EnableMFADevice takes two consecutive codes (IAM API reference). The first is this window's;
 * the second is the next window's, computed once that window has begun with at least
 * MIN_REMAINING_SECONDS left, the margin the action keeps for every code it sends. Sent at once
 * (a late pair enables the device out of sync, says the same reference).
 */
async function consecutiveCodes(totp, io, check = () => { }) {
    const { clock } = io;
    const first = (0,engine_totp/* timeStep */.oM)(clock.now(), totp.period);
    let wait = (0,engine_totp/* msUntilUsable */.lZ)(clock.now(), totp.period, first);
    io.info(`Waiting ${Math.ceil(wait / 1000)} s for the next TOTP window: enabling the device takes ` +
        'two consecutive codes.');
    // Timers may fire a hair early: check again rather than trust one sleep.
    while (wait > 0) {
        await clock.sleep(Math.min(wait, 1000));
        check();
        wait = (0,engine_totp/* msUntilUsable */.lZ)(clock.now(), totp.period, first);
    }
    const now = clock.now();
    const second = (0,engine_totp/* timeStep */.oM)(now, totp.period);
    // Slept past the next window (a suspended laptop): the pair is the current window's and the one
    // before it, consecutive still.
    const code1 = await (0,engine_totp/* oneTimeCode */.l9)(totp, (second - 1) * totp.period * 1000);
    const code2 = await (0,engine_totp/* oneTimeCode */.l9)(totp, now);
    return [code1, code2];
}
function summary(values) {
    const { serial, roleArn, userArn, region, options, keySecrets } = values;
    const seed = options.githubSecret
        ? `\${{ secrets.${options.githubSecret} }}`
        : `\${{ secrets.AWS_MFA_SEED }} # from ${options.seedFile}`;
    const keyLines = keySecrets
        ? [
            `          aws-access-key-id: \${{ secrets.${ACCESS_KEY_SECRETS.accessKeyId} }}`,
            `          aws-secret-access-key: \${{ secrets.${ACCESS_KEY_SECRETS.secretAccessKey} }}`
        ]
        : [
            `          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }} # a key of ${options.userName}`,
            `          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }}`
        ];
    return [
        `user: ${userArn}`,
        `mfa-serial: ${serial}`,
        ...(roleArn ? [`role-to-assume: ${roleArn}`] : []),
        '',
        '# The workflow step:',
        '      - uses: your-org/aws-assume-role-mfa@0000000000000000000000000000000000000000 # v1.0.0 (placeholder: pin the release you use)',
        '        with:',
        `          aws-region: ${region}`,
        `          role-to-assume: ${roleArn ?? 'arn:aws:iam::ACCOUNT:role/ROLE # a role that trusts the user with MFA'}`,
        `          mfa-serial: ${serial}`,
        `          mfa-seed: ${seed}`,
        ...keyLines,
        ''
    ].join('\n');
}
function where({ repo, environment }) {
    const place = repo ? ` of ${repo}` : '';
    return environment ? `${place} (environment ${environment})` : place;
}
/** Undoes newest first; returns what could not be undone. */
async function rollBack(undo, io) {
    const failed = [];
    for (const step of [...undo].reverse()) {
        try {
            await step.run();
            io.info(`Rolled back: removed ${step.what}.`);
        }
        catch (error) {
            io.info(`Could not remove ${step.what}: ${describe(error)}`);
            failed.push(step);
        }
    }
    return failed;
}
function describe(error) {
    if (error instanceof errors/* InputError */.dz)
        return error.problems.join(' ');
    if (error instanceof errors/* ActionError */.lZ)
        return error.message;
    const e = error;
    const name = e?.name && e.name !== 'Error' ? `${e.name}: ` : '';
    return `${name}${e?.message ?? String(error)}`;
}


/***/ }),

/***/ 7244:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cC: () => (/* binding */ CONNECT_TIMEOUT_MS),
/* harmony export */   e$: () => (/* binding */ BoundedHttpHandler)
/* harmony export */ });
/* unused harmony exports REQUEST_TIMEOUT_MS, MAX_ANSWER_BYTES */
/* harmony import */ var _smithy_node_http_handler__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1279);

/**
 * Bounds on every STS request, whatever the endpoint does. STS answers in well under a second,
 * with a few KB; the official action sets no timeout and its users report hung jobs. The SDK's own
 * request timeout stops counting once the headers arrive, so an endpoint that sends headers and
 * then stalls, or drips a byte at a time, would hold the step for ever; and it reads any answer
 * whole into memory.
 */
const CONNECT_TIMEOUT_MS = 5_000;
/** Per attempt, all of it: connecting, sending, and reading the whole answer. */
const REQUEST_TIMEOUT_MS = 10_000;
/** STS's largest answers (AssumeRole with a session token and a packed policy) are about 3 KB. */
const MAX_ANSWER_BYTES = 64 * 1024;
/**
 * The SDK's Node handler with one deadline per attempt over the whole exchange, and the answer
 * read here, at most MAX_ANSWER_BYTES of it, so the SDK parses a buffer, never a stream. A missed
 * deadline is a TimeoutError, which the SDK's standard strategy retries like any network error; a
 * too large answer is not retried. A 2xx answer holding an ErrorResponse is that error (the SDK
 * would read it as a success without credentials, and lose STS's code and message).
 */
class BoundedHttpHandler extends _smithy_node_http_handler__WEBPACK_IMPORTED_MODULE_0__.NodeHttpHandler {
    async handle(...[request, options]) {
        // The SDK passes a signal of its own only when send() is given one, which this project never does.
        const deadline = new AbortController();
        const timer = setTimeout(() => deadline.abort(timeoutError()), REQUEST_TIMEOUT_MS);
        try {
            const { response } = await super.handle(request, { ...options, abortSignal: deadline.signal });
            const body = await readCapped(response.body, deadline.signal);
            const error = response.statusCode < 300 ? errorResponseIn(body, response.statusCode) : undefined;
            if (error)
                throw error;
            response.body = body;
            return { response };
        }
        catch (error) {
            // The handler reports its abort as an AbortError, which the SDK never retries.
            throw deadline.signal.aborted ? deadline.signal.reason : error;
        }
        finally {
            clearTimeout(timer);
        }
    }
}
/** The whole body, or an error as soon as it passes the cap or the deadline. */
async function readCapped(body, signal) {
    const stop = () => body.destroy(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    try {
        if (Number(body.headers['content-length']) > MAX_ANSWER_BYTES)
            throw tooLarge();
        const chunks = [];
        let size = 0;
        for await (const chunk of body) {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES)
                throw tooLarge();
            chunks.push(chunk);
        }
        return Buffer.concat(chunks);
    }
    catch (error) {
        body.destroy(); // and with it the connection: the rest of the answer is not wanted
        throw error;
    }
    finally {
        signal.removeEventListener('abort', stop);
    }
}
/**
 * STS's `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>` as the SDK raises it
 * for an error status: named by its Code, with its Message, request id and HTTP status kept.
 */
function errorResponseIn(body, status) {
    const text = body.toString('utf8');
    if (!/^\s*(?:<\?xml[^>]*\?>\s*)?<ErrorResponse[\s>]/.test(text))
        return undefined;
    const field = (name) => xmlText(new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1]);
    const error = new Error(field('Message') || 'no message');
    error.name = field('Code') || 'Unknown';
    return Object.assign(error, {
        $fault: field('Type') === 'Receiver' ? 'server' : 'client',
        $metadata: { httpStatusCode: status, requestId: field('RequestId') || undefined }
    });
}
/** XML character data: the five named entities and numeric references. */
function xmlText(raw = '') {
    const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    return raw.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (whole, ref) => {
        if (!ref.startsWith('#'))
            return named[ref] ?? whole;
        const code = Number(ref.startsWith('#x') ? `0${ref.slice(1)}` : ref.slice(1));
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
}
function timeoutError() {
    const error = new Error(`no complete answer within ${REQUEST_TIMEOUT_MS / 1000} s (connecting, sending and reading it)`);
    error.name = 'TimeoutError';
    return error;
}
function tooLarge() {
    const error = new Error(`the answer is larger than ${MAX_ANSWER_BYTES / 1024} KiB; STS answers with a few KB`);
    error.name = 'AnswerTooLarge';
    return error;
}


/***/ }),

/***/ 6241:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FA: () => (/* reexport safe */ _totp_params_js__WEBPACK_IMPORTED_MODULE_0__.F),
/* harmony export */   l9: () => (/* binding */ oneTimeCode),
/* harmony export */   lZ: () => (/* binding */ msUntilUsable),
/* harmony export */   oM: () => (/* binding */ timeStep)
/* harmony export */ });
/* unused harmony export MIN_REMAINING_SECONDS */
/* harmony import */ var otplib__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8590);
/* harmony import */ var _totp_params_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2076);

/** RFC 6238 one-time codes, computed by otplib; the seed's parameters are in totp-params.ts. */

/**
 * A code is never sent with less than this much validity left. The request has to be signed,
 * sent and checked inside the window, and the SDK may retry a throttled or failed request with the
 * same code after a backoff. AWS tolerates some drift, but does not document it, so we do not rely on
 * it. Waiting costs at most this long, in one run out of six.
 */
const MIN_REMAINING_SECONDS = 5;
/** The time step (RFC 6238 T) that contains `epochMs`. */
function timeStep(epochMs, period) {
    return Math.floor(epochMs / 1000 / period);
}
/**
 * How long to wait before a code can be computed at a time step later than `usedStep` with at
 * least MIN_REMAINING_SECONDS of validity left. Zero when it can be computed now.
 */
function msUntilUsable(epochMs, period, usedStep = -Infinity) {
    const step = timeStep(epochMs, period);
    const stepEndMs = (step + 1) * period * 1000;
    if (step > usedStep && stepEndMs - epochMs >= MIN_REMAINING_SECONDS * 1000)
        return 0;
    // The next window starts at stepEndMs; a code of a step after `usedStep` needs that window.
    return stepEndMs - epochMs;
}
/** The code for the window containing `epochMs`. */
async function oneTimeCode(params, epochMs) {
    return (0,otplib__WEBPACK_IMPORTED_MODULE_1__/* .generate */ .cM)({
        secret: params.secret,
        digits: params.digits,
        period: params.period,
        algorithm: params.algorithm,
        epoch: Math.floor(epochMs / 1000)
    });
}


/***/ })

};
