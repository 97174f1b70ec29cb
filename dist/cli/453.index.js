"use strict";
exports.id = 453;
exports.ids = [453];
exports.modules = {

/***/ 4453:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  NEW_KEY_WAIT_MS: () => (/* binding */ NEW_KEY_WAIT_MS),
  run: () => (/* binding */ run),
  runRotate: () => (/* binding */ runRotate)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/engine/credentials.ts
var credentials = __webpack_require__(3656);
// EXTERNAL MODULE: ./src/engine/errors.ts
var errors = __webpack_require__(7679);
// EXTERNAL MODULE: ./src/engine/private-files.ts
var private_files = __webpack_require__(3555);
// EXTERNAL MODULE: ./src/settings/profile-ini.ts
var profile_ini = __webpack_require__(9515);
;// CONCATENATED MODULE: ./src/cli/credentials-file.ts



/**
 * One profile of the shared credentials file (~/.aws/credentials), for `rotate access-key
 * --credentials-profile`: read as the AWS CLI reads it (profile-ini.ts), its two key lines
 * replaced, every other line and line end kept, the file replaced atomically (private-files.ts).
 */
/** The profile's aws_access_key_id; problems if the file cannot be used. */
function readProfileKey(file, profile, problems) {
    const refuse = (why) => {
        problems.push(`--credentials-profile ${profile}: ${why}`);
        return undefined;
    };
    try {
        (0,private_files/* checkPrivateFolder */.GL)((0,external_node_path_.dirname)(file));
    }
    catch (error) {
        return refuse(error.message);
    }
    let read;
    try {
        read = (0,private_files/* readNoFollow */.pj)(file);
    }
    catch (error) {
        return refuse(`cannot read ${file} (${error.code ?? error}).`);
    }
    if (read === undefined)
        return refuse(`${file} does not exist.`);
    const ini = (0,profile_ini/* splitIni */.b4)(read.content);
    const parsed = (0,profile_ini/* parseIni */.Ay)(ini.lines);
    if (parsed.problems.length > 0) {
        return refuse(`${file} is not one the AWS CLI can read (${parsed.problems.join('; ')}).`);
    }
    const section = parsed.sections.find(s => (0,profile_ini/* credentialsProfile */.K7)(profile)(s.name));
    if (!section)
        return refuse(`${file} has no profile [${profile}].`);
    const id = (0,profile_ini/* sectionValues */.o8)(ini.lines, section)['aws_access_key_id'];
    if (!id)
        return refuse(`the profile [${profile}] of ${file} has no aws_access_key_id.`);
    return id;
}
const KEY_OPTION = /^\s*(aws_access_key_id|aws_secret_access_key)\s*[=:]/i;
/**
 * The file with the profile's aws_access_key_id and aws_secret_access_key lines (and their
 * continuation lines) replaced, every other line and line end kept; written to a new file and
 * renamed over the old one (writeFileReplacing), with the old one's mode.
 */
function writeProfileKey(file, profile, key) {
    const read = (0,private_files/* readNoFollow */.pj)(file);
    if (read === undefined)
        throw new Error(`${file} is gone.`);
    const ini = (0,profile_ini/* splitIni */.b4)(read.content);
    const section = (0,profile_ini/* parseIni */.Ay)(ini.lines).sections.find(s => (0,profile_ini/* credentialsProfile */.K7)(profile)(s.name));
    if (!section)
        throw new Error(`${file} has no profile [${profile}] any more.`);
    const values = {
        aws_access_key_id: key.accessKeyId,
        aws_secret_access_key: key.secretAccessKey
    };
    const lines = [];
    const ends = [];
    const eol = ini.ends.find(end => end !== '') ?? '\n';
    const written = new Set();
    for (let i = 0; i < ini.lines.length; i++) {
        const line = ini.lines[i];
        const match = i > section.header && i < section.last ? KEY_OPTION.exec(line) : null;
        if (!match) {
            lines.push(line);
            ends.push(ini.ends[i]);
            continue;
        }
        const name = match[1].toLowerCase();
        lines.push(`${name} = ${values[name]}`);
        ends.push(ini.ends[i] || eol);
        written.add(name);
        // Its continuation lines (indented deeper) belonged to the old value.
        const indent = line.search(/\S/);
        while (i + 1 < section.last &&
            ini.lines[i + 1].trim() !== '' &&
            ini.lines[i + 1].search(/\S/) > indent) {
            i++;
        }
    }
    const missing = Object.keys(values).filter(name => !written.has(name));
    if (missing.length > 0) {
        const at = lines.indexOf(ini.lines[section.header]) + 1;
        lines.splice(at, 0, ...missing.map(name => `${name} = ${values[name]}`));
        ends.splice(at, 0, ...missing.map(() => eol));
    }
    // It holds a secret key: never readable by others, whatever it was before.
    (0,private_files/* writeFileReplacing */.lS)(file, lines.map((line, i) => line + ends[i]).join(''), (read.mode ?? 0o600) & 0o600);
}

// EXTERNAL MODULE: ./src/cli/iam.ts
var cli_iam = __webpack_require__(8835);
// EXTERNAL MODULE: ./src/cli/init.ts
var init = __webpack_require__(7646);
// EXTERNAL MODULE: ./src/cli/steps.ts
var steps = __webpack_require__(1713);
;// CONCATENATED MODULE: ./src/cli/rotate-admin.ts


/** An IAM read before anything changed: a failure says that nothing was. */
function reach(what, call) {
    return (0,steps/* readBeforeSteps */.P9)(what, call, "Nothing was changed. rotate needs an administrator's credentials (the AWS SDK default " +
        'chain, or --profile) allowed to manage IAM users, their access keys and MFA devices.');
}
async function workingAs(iam, user, io) {
    const caller = await reach('reach AWS as the administrator', () => iam.callerArn());
    io.info(`Working as ${caller.arn}.`);
    if ((await reach(`read the IAM user ${user}`, () => iam.userArn(user))) === undefined) {
        throw new errors/* InputError */.dz([`There is no IAM user ${user} in this account: check --user-name.`]);
    }
}
function newRunner(io) {
    return new steps/* StepRunner */.H1({ info: io.info, exit: io.exit ?? (code => process.exit(code)) });
}
/** ` --repo R --env E`, as gh takes them, for commands a person runs. */
function targetText({ repo, environment }) {
    return `${repo ? ` --repo ${repo}` : ''}${environment ? ` --env ${environment}` : ''}`;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/cli/seed-store.ts
var seed_store = __webpack_require__(6697);
;// CONCATENATED MODULE: ./src/cli/rotate-device.ts







/**
 * `rotate mfa-device`: a new device under a new name, enabled with two consecutive codes and
 * checked with ListMFADevices, its seed under a new secret name: nothing points at it until the
 * workflow's serial and seed's secret change in one commit, so no job ever holds a serial and a
 * seed that do not match. `--retire SERIAL` then deactivates and deletes the old device.
 */
async function rotateDevice(iam, options, io) {
    const user = options.userName;
    const seedFile = options.seedFile && (0,external_node_path_.resolve)(options.seedFile);
    const github = { repo: options.githubRepo, environment: options.githubEnvironment };
    const problems = seedFile ? (0,seed_store/* seedFileProblems */.WN)(seedFile) : [];
    if (options.githubSecret) {
        const gh = await (0,seed_store/* githubProblems */.ku)(github, io.env);
        problems.push(...gh.problems);
        if (gh.names.includes(options.githubSecret)) {
            problems.push(`The GitHub secret ${options.githubSecret} exists already${(0,init.where)(github)}: the new seed ` +
                'goes under a new name, so that no job gets it before the workflow names the new ' +
                'device too. Give another --github-secret (e.g. with a date in it).');
        }
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    await workingAs(iam, user, io);
    const serials = await reach(`list the MFA devices of ${user}`, () => iam.mfaDevices(user));
    if (serials.length >= 8) {
        problems.push(`The IAM user ${user} has ${serials.length} MFA devices, the most IAM allows: retire one ` +
            'first (rotate mfa-device --retire SERIAL).');
    }
    const devices = await reach('list the virtual MFA devices', () => iam.virtualMfaDevices());
    const taken = devices.find(d => d.serial.endsWith(`:mfa/${options.deviceName}`));
    if (taken) {
        problems.push(`An MFA device named ${options.deviceName} exists already (${taken.serial}): give another ` +
            '--device-name.');
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    const runner = newRunner(io);
    runner.start();
    try {
        const device = await runner.run((0,init.deviceStep)(iam, options, seedFile, io));
        await runner.run((0,init.enableStep)(iam, user, device, io, runner));
        // Verified before anything points at it: IAM lists it as the user's.
        await runner.run({
            name: 'ListMFADevices',
            create: async () => {
                if (!(await iam.mfaDevices(user)).includes(device.serial)) {
                    throw new errors/* ActionError */.lZ(`IAM does not list ${device.serial} among ${user}'s devices.`);
                }
                return device.serial;
            },
            describe: serial => `IAM lists ${serial} as a device of ${user}.`
        });
        if (options.githubSecret) {
            await runner.run((0,init.secretStep)(options.githubSecret, device.seed, github, false, io, () => { }));
        }
        io.stdout.write(deviceReport(options, device.serial, serials, github).join('\n') + '\n');
    }
    catch (error) {
        const notUndone = await runner.rollBack();
        const lines = [`rotate mfa-device failed at ${runner.current}: ${(0,steps/* describe */.q0)(error)}`];
        if (runner.journal.length > 0 && notUndone.length === 0) {
            lines.push('Everything this run created was removed again; the old device is untouched.');
        }
        lines.push(...(0,steps/* notUndoneLines */.Id)(notUndone));
        throw new errors/* ActionError */.lZ(lines.join('\n'), { cause: error });
    }
    finally {
        runner.stop();
    }
}
function deviceReport(options, serial, before, github) {
    const seed = options.githubSecret
        ? `\${{ secrets.${options.githubSecret} }}`
        : `\${{ secrets.NEW_NAME }} # gh secret set NEW_NAME < ${options.seedFile}`;
    return [
        `mfa-serial: ${serial}`,
        '',
        '# Change both lines of the workflow step in ONE commit: a run uses the serial and the seed',
        '# secret its commit names, so no job ever gets one without the other.',
        `          mfa-serial: ${serial}`,
        `          mfa-seed: ${seed}`,
        '',
        '# Once no run of an older commit will start again (or be re-run), retire the device it',
        '# replaces (one of these):',
        ...before.map(old => `aws-assume-role-mfa rotate mfa-device --user-name ${options.userName} --retire ${old}` +
            `${targetText(github)} --delete-secret OLD_SEED_SECRET`),
        ''
    ];
}
async function retireDevice(iam, options, serial, io) {
    const user = options.userName;
    const github = { repo: options.githubRepo, environment: options.githubEnvironment };
    const problems = [];
    if (options.deleteSecret) {
        const gh = await (0,seed_store/* githubProblems */.ku)(github, io.env);
        problems.push(...gh.problems);
        if (gh.problems.length === 0 && !gh.names.includes(options.deleteSecret)) {
            problems.push(`No GitHub secret ${options.deleteSecret}${(0,init.where)(github)} to delete.`);
        }
    }
    const naming = workflowsNaming(serial, io.cwd);
    if (naming.length > 0) {
        problems.push(`${naming.join(', ')} still name${naming.length > 1 ? '' : 's'} ${serial}: switch them to the ` +
            "new device (its serial and its seed's secret, in one commit) before retiring the old one.");
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    await workingAs(iam, user, io);
    const serials = await reach(`list the MFA devices of ${user}`, () => iam.mfaDevices(user));
    const enabled = serials.includes(serial);
    const unassigned = (await reach('list the virtual MFA devices', () => iam.virtualMfaDevices()))
        .filter(d => d.user === undefined)
        .some(d => d.serial === serial);
    if (!enabled && !unassigned) {
        problems.push(`${serial} is not a device of ${user}, nor an unassigned one: check --retire.`);
    }
    else if (enabled && serials.length < 2) {
        problems.push(`${serial} is the only MFA device of ${user}: without it the role cannot be assumed. Make ` +
            'the new device first (rotate mfa-device --github-secret NEW_NAME).');
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    const runner = newRunner(io);
    runner.start();
    const done = [];
    try {
        // No undo: a deactivated device comes back only with two codes from its seed.
        if (enabled) {
            await runner.run({
                name: 'DeactivateMFADevice',
                create: async () => {
                    await iam.deactivateMfaDevice(user, serial);
                    done.push(`deactivated ${serial}`);
                    return serial;
                },
                describe: () => `Deactivated ${serial} for ${user}.`
            });
        }
        await runner.run({
            name: 'DeleteVirtualMFADevice',
            create: async () => {
                await iam.deleteVirtualMfaDevice(serial);
                done.push(`deleted ${serial}`);
                return serial;
            },
            describe: () => `Deleted the MFA device ${serial}.`
        });
        const secret = options.deleteSecret;
        if (secret) {
            await runner.run({
                name: `gh secret delete ${secret}`,
                create: async () => {
                    await (0,seed_store/* deleteGithubSecret */.hu)(secret, github, io.env);
                    done.push(`deleted the GitHub secret ${secret}${(0,init.where)(github)}`);
                    return secret;
                },
                describe: () => `Deleted the GitHub secret ${secret}${(0,init.where)(github)}.`
            });
        }
        io.stdout.write(`Retired ${serial}.\n`);
    }
    catch (error) {
        const left = [];
        if (!done.includes(`deleted ${serial}`)) {
            if (enabled && !done.includes(`deactivated ${serial}`)) {
                left.push(`aws iam deactivate-mfa-device --user-name ${user} --serial-number ${serial}`);
            }
            left.push(`aws iam delete-virtual-mfa-device --serial-number ${serial}`);
        }
        const secret = options.deleteSecret;
        if (secret && !done.some(d => d.includes('GitHub secret'))) {
            left.push((0,seed_store/* deleteSecretCommand */.NN)(secret, github));
        }
        throw new errors/* ActionError */.lZ([
            `rotate mfa-device --retire failed at ${runner.current}: ${(0,steps/* describe */.q0)(error)}`,
            `Done: ${done.length > 0 ? done.join('; ') : 'nothing'}.`,
            ...(left.length > 0 ? ['Left, to finish by hand in this order:'] : []),
            ...left.map(command => `  ${command}`)
        ].join('\n'), { cause: error });
    }
    finally {
        runner.stop();
    }
}
/** The workflow files of the clone in `cwd` that name the serial (nothing else can be seen). */
function workflowsNaming(serial, cwd) {
    const folder = (0,external_node_path_.join)(cwd, '.github', 'workflows');
    if (!(0,external_node_fs_.existsSync)(folder))
        return [];
    // The serial whole: mfa/ci-deploy is not named by mfa/ci-deploy-2.
    const escaped = serial.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const named = new RegExp(`${escaped}(?![\\w+=,.@/-])`);
    try {
        return (0,external_node_fs_.readdirSync)(folder)
            .filter(name => /\.ya?ml$/.test(name))
            .filter(name => named.test((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(folder, name), 'utf8')))
            .map(name => (0,external_node_path_.join)('.github', 'workflows', name));
    }
    catch {
        return [];
    }
}

// EXTERNAL MODULE: ./src/cli/init-options.ts
var init_options = __webpack_require__(1809);
// EXTERNAL MODULE: ./src/cli/options.ts
var cli_options = __webpack_require__(776);
;// CONCATENATED MODULE: ./src/cli/rotate-options.ts



// The names of users, devices, secrets and repositories follow init's rules (init-options.ts).
const SERIAL = /^arn:aws[\w-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+$/;
const PROFILE = /^[^\s[\]]+$/;
function parseRotateCommandLine(argv, today) {
    const [what, ...rest] = argv;
    if (what === undefined || what === '-h' || what === '--help')
        return { kind: 'help' };
    if (what !== 'access-key' && what !== 'mfa-device') {
        throw new errors/* InputError */.dz([
            `Unknown rotate target '${what}': rotate access-key, or rotate mfa-device.`
        ]);
    }
    const values = (0,cli_options/* parseUsage */.Zb)(rest, {
        'user-name': { type: 'string' },
        'github-repo': { type: 'string' },
        'github-environment': { type: 'string' },
        profile: { type: 'string' },
        'aws-region': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...(what === 'access-key'
            ? {
                'credentials-profile': { type: 'string' },
                'access-key-id-secret': { type: 'string' },
                'secret-access-key-secret': { type: 'string' },
                'delete-old': { type: 'boolean' }
            }
            : {
                'device-name': { type: 'string' },
                'github-secret': { type: 'string' },
                'seed-file': { type: 'string' },
                retire: { type: 'string' },
                'delete-secret': { type: 'string' }
            })
    }, 'every value follows its option, as in --user-name NAME.');
    if (values.help === true)
        return { kind: 'help' };
    const text = (0,cli_options/* textOption */.vU)(values);
    const common = {
        userName: text('user-name') ?? '',
        githubRepo: text('github-repo'),
        githubEnvironment: text('github-environment'),
        profile: text('profile'),
        region: text('aws-region')
    };
    const problems = [...(0,init_options/* userNameProblems */.Vw)(common.userName), ...(0,init_options/* repoProblems */.DR)(common.githubRepo)];
    if (what === 'access-key') {
        const credentialsProfile = text('credentials-profile');
        const options = {
            ...common,
            kind: 'access-key',
            // GitHub unless only a profile is named; both when a --github-* option comes with it.
            github: credentialsProfile === undefined ||
                common.githubRepo !== undefined ||
                common.githubEnvironment !== undefined,
            credentialsProfile,
            accessKeyIdSecret: text('access-key-id-secret') ?? init_options/* ACCESS_KEY_SECRETS */.Bq.accessKeyId,
            secretAccessKeySecret: text('secret-access-key-secret') ?? init_options/* ACCESS_KEY_SECRETS */.Bq.secretAccessKey,
            deleteOld: values['delete-old'] === true
        };
        problems.push(...(0,init_options/* secretNameProblems */.UY)('access-key-id-secret', text('access-key-id-secret')));
        problems.push(...(0,init_options/* secretNameProblems */.UY)('secret-access-key-secret', text('secret-access-key-secret')));
        if (options.accessKeyIdSecret.toUpperCase() === options.secretAccessKeySecret.toUpperCase()) {
            problems.push('--access-key-id-secret and --secret-access-key-secret must differ.');
        }
        if (credentialsProfile !== undefined && !PROFILE.test(credentialsProfile)) {
            problems.push(`Invalid --credentials-profile '${credentialsProfile}': a profile name, without blanks or brackets.`);
        }
        if (problems.length > 0)
            throw new errors/* InputError */.dz(problems);
        return options;
    }
    const retire = text('retire');
    const options = {
        ...common,
        kind: 'mfa-device',
        deviceName: text('device-name') ?? `${common.userName}-${stamp(today)}`,
        githubSecret: text('github-secret'),
        seedFile: text('seed-file'),
        retire,
        deleteSecret: text('delete-secret')
    };
    problems.push(...(0,init_options/* secretNameProblems */.UY)('github-secret', options.githubSecret));
    problems.push(...(0,init_options/* secretNameProblems */.UY)('delete-secret', options.deleteSecret));
    if (retire !== undefined) {
        if (!SERIAL.test(retire)) {
            problems.push(`Invalid --retire '${retire}': the old device's ARN, arn:aws:iam::ACCOUNT:mfa/NAME.`);
        }
        if (options.githubSecret || options.seedFile || text('device-name')) {
            problems.push('--retire only retires: give --device-name, --github-secret and --seed-file to the run ' +
                'that makes the new device, before.');
        }
    }
    else {
        if (options.deleteSecret)
            problems.push('--delete-secret goes with --retire.');
        if (common.userName)
            problems.push(...(0,init_options/* deviceNameProblems */.yE)(options.deviceName));
        if (!options.githubSecret && !options.seedFile) {
            problems.push('Say where the new seed goes: --github-secret NAME (a secret that does not exist yet, ' +
                'e.g. AWS_MFA_SEED_2: the workflow switches to it and the new serial in one commit), ' +
                '--seed-file PATH, or both.');
        }
    }
    if (!options.githubSecret &&
        !options.deleteSecret &&
        (common.githubRepo || common.githubEnvironment)) {
        problems.push('--github-repo and --github-environment go with --github-secret or --delete-secret.');
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    return options;
}
/** 20260131: a new device's default name, after the day it is made. */
function stamp(day) {
    return day.toISOString().slice(0, 10).replace(/-/g, '');
}
/** How long a key stays Inactive before --delete-old deletes it (docs/setup.md, Rotating). */
const DELETE_OLD_GRACE_DAYS = 7;
const ROTATE_HELP = `Usage: aws-assume-role-mfa rotate access-key --user-name NAME [options]
       aws-assume-role-mfa rotate mfa-device --user-name NAME (--github-secret NEW | --seed-file PATH)
       aws-assume-role-mfa rotate mfa-device --user-name NAME --retire SERIAL [--delete-secret OLD]

Replaces the IAM user's access key, or its MFA device and seed, without breaking a running
pipeline. Run as an administrator of the AWS account, like init (the AWS SDK's default chain, or
--profile). Everything is checked before anything changes; a failure or a stop signal before the
secrets change removes what the run made; after, nothing it stored is removed, and the message
says what each key and secret holds.

rotate access-key: a new key, checked with STS, stored, then the old key made Inactive.
  --user-name NAME                 the IAM user (required)
  --github-repo OWNER/REPO         the repository (default: gh's, that of the current folder)
  --github-environment NAME        an environment's secrets rather than the repository's
  --access-key-id-secret NAME      the secret holding the key id (default ${init_options/* ACCESS_KEY_SECRETS */.Bq.accessKeyId})
  --secret-access-key-secret NAME  the secret holding the secret key (default ${init_options/* ACCESS_KEY_SECRETS */.Bq.secretAccessKey})
  --credentials-profile NAME       also, or alone, that profile of the shared credentials file
                                   (updated in place, atomically; the file's other content kept);
                                   alone, GitHub is left out unless a --github- option is given
  --delete-old                     only delete the key a previous rotation made Inactive, once it
                                   has not been used for ${DELETE_OLD_GRACE_DAYS} days
  If the user has two keys, the Inactive one is deleted first; two Active keys are refused.

rotate mfa-device: a new device, enabled with two consecutive codes, its seed stored under a NEW
name; then you switch the workflow's mfa-serial and mfa-seed in one commit; later --retire.
  --user-name NAME                 the IAM user (required)
  --device-name NAME               the new device (default: the user name and today's date)
  --github-secret NAME             store the new seed as this new GitHub secret (must not exist)
  --seed-file PATH                 write the new seed to this new file (mode 600)
  --github-repo, --github-environment  as above
  --retire SERIAL                  deactivate, then delete, the old device (refused while a
                                   workflow here names it, or if it is the user's only device)
  --delete-secret NAME             with --retire: delete the old seed's GitHub secret too

  --profile NAME                   the administrator's profile
  --aws-region REGION              region to sign IAM requests for (default: AWS_REGION, else us-east-1)
  -h, --help                       this help

The procedure, and the cadence AWS Security Hub checks (IAM.3, 90 days): docs/setup.md,
"Rotating the key and the device". The exit code is 0 on success, 1 otherwise.
`;

;// CONCATENATED MODULE: ./src/cli/rotate.ts











/**
 * `aws-assume-role-mfa rotate`: the plan and the words; steps.ts runs the steps (one journal, the
 * rollback, the stop signals), as for init.
 *
 * access-key: checks → [delete the key the last rotation left Inactive] → CreateAccessKey (sent
 * once; a lost answer reconciled with ListAccessKeys) → until STS takes the new key
 * (GetCallerIdentity, bounded) → the key id's secret, then the secret key's (gh secret set, value
 * on standard input) → [the credentials profile] → the old key Inactive. Until the secret key's
 * secret is being set, a failure removes the new key (and puts the old id back); from then on the
 * new key is never removed, and the message says what each key and secret holds.
 *
 * mfa-device: rotate-device.ts. One profile of the shared credentials file: credentials-file.ts.
 */
/** The command (`rotate access-key …`, `rotate mfa-device …`), as main.ts runs it. */
async function run(argv, { io, log }) {
    const options = parseRotateCommandLine(argv, new Date(io.clock.now()));
    if (options.kind === 'help') {
        io.stdout.write(ROTATE_HELP);
        return 0;
    }
    // --profile names the administrator's keys: keys in the environment must not compete with them.
    if (options.profile)
        for (const name of credentials/* CREDENTIAL_VARIABLES */.eB)
            delete io.env[name];
    await runRotate(options, {
        env: io.env,
        stdout: io.stdout,
        clock: io.clock,
        home: io.home,
        cwd: process.cwd(),
        info: log.info,
        mask: log.mask
    });
    return 0;
}
/** How long IAM may take before STS accepts a new key (eventual consistency), and how often to ask. */
const NEW_KEY_WAIT_MS = 60_000;
const NEW_KEY_POLL_MS = 2_000;
async function runRotate(options, io) {
    const region = options.region || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || cli_iam/* IAM_DEFAULT_REGION */.xY;
    const iam = (0,cli_iam/* iamCalls */.xp)((0,cli_iam/* adminClients */.e6)(region, options.profile));
    if (options.kind === 'access-key') {
        if (options.deleteOld)
            return deleteOldKeys(iam, options, io);
        return rotateAccessKey(iam, region, options, io);
    }
    if (options.retire !== undefined)
        return retireDevice(iam, options, options.retire, io);
    return rotateDevice(iam, options, io);
}
async function rotateAccessKey(iam, region, options, io) {
    const user = options.userName;
    const github = { repo: options.githubRepo, environment: options.githubEnvironment };
    const problems = [];
    if (options.github) {
        const gh = await (0,seed_store/* githubProblems */.ku)(github, io.env);
        problems.push(...gh.problems);
        const missing = [options.accessKeyIdSecret, options.secretAccessKeySecret].filter(name => gh.problems.length === 0 && !gh.names.includes(name));
        if (missing.length > 0) {
            problems.push(`No GitHub secret ${missing.join(' or ')}${(0,init.where)(github)} (gh secret list): rotate ` +
                'replaces the key init stored there. Name the secrets that hold the key with ' +
                '--access-key-id-secret and --secret-access-key-secret, or run init --create-access-key first.');
        }
    }
    const file = options.credentialsProfile
        ? (0,external_node_path_.resolve)(io.env.AWS_SHARED_CREDENTIALS_FILE || (0,external_node_path_.join)(io.home, '.aws', 'credentials'))
        : undefined;
    const profileKey = options.credentialsProfile && file
        ? readProfileKey(file, options.credentialsProfile, problems)
        : undefined;
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    await workingAs(iam, user, io);
    const keys = await reach(`list the access keys of ${user}`, () => iam.accessKeys(user));
    const active = keys.filter(k => k.status === 'Active').map(k => k.accessKeyId);
    const inactive = keys.filter(k => k.status !== 'Active').map(k => k.accessKeyId);
    if (active.length >= 2) {
        problems.push(`The IAM user ${user} has two Active access keys (${active.join(', ')}): rotate cannot tell ` +
            'which one the workflows use, and IAM allows no third. Find the one nothing uses (aws iam ' +
            `get-access-key-last-used --access-key-id ID), deactivate it (aws iam update-access-key ` +
            `--user-name ${user} --access-key-id ID --status Inactive) and run rotate again.`);
    }
    const old = active[0];
    if (profileKey !== undefined && profileKey !== old) {
        problems.push(`The profile ${options.credentialsProfile} of ${file} holds the key ${profileKey}, not ` +
            `${old ? `the Active key of ${user}, ${old}` : `a key of ${user}`}: check --credentials-profile.`);
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    // Two keys, one Inactive: the one a previous rotation left. It goes first (IAM allows two).
    const toDelete = keys.length >= 2 ? inactive[0] : undefined;
    const state = {
        user,
        old,
        newRemoved: false,
        oldInactive: false,
        secrets: options.github
            ? [options.accessKeyIdSecret, options.secretAccessKeySecret].map(name => ({
                name,
                holds: 'old'
            }))
            : [],
        profile: options.credentialsProfile && file
            ? { name: options.credentialsProfile, file, holds: 'old' }
            : undefined
    };
    const runner = newRunner(io);
    runner.start();
    try {
        if (toDelete) {
            await runner.run({
                name: 'DeleteAccessKey',
                create: async () => {
                    await iam.deleteAccessKey(user, toDelete);
                    state.deletedInactive = toDelete;
                    return toDelete;
                },
                describe: id => `Deleted the access key ${id} of ${user}, Inactive since a rotation.`
            });
        }
        const keysBefore = keys.map(k => k.accessKeyId);
        const step = (0,init.keyStep)(iam, user, { keysBefore }, io, 'Run rotate again.');
        const key = await runner.run({
            ...step,
            create: async () => {
                const made = await step.create();
                state.created = made.accessKeyId;
                return made;
            }
        });
        // The key step's undo, as journaled: forgotten once something may name the new key.
        const removeNew = runner.journal[runner.journal.length - 1];
        await runner.run({
            name: 'GetCallerIdentity with the new key',
            create: () => untilStsAccepts((0,cli_iam/* callerWithKey */.f3)(region, key), user, io, runner)
        });
        if (options.github) {
            const [idSecret, secretSecret] = state.secrets;
            await runner.run({
                name: `gh secret set ${idSecret.name}`,
                create: async () => {
                    // The old id is no secret: putting it back makes the pair whole again if this fails.
                    if (old)
                        runner.record(restoreSecret(idSecret, old, github, io));
                    idSecret.holds = 'unknown';
                    await setSecret(idSecret.name, key.accessKeyId, github, io);
                    idSecret.holds = 'new';
                    return idSecret.name;
                },
                describe: name => `Stored the new key's id in the GitHub secret ${name}${(0,init.where)(github)}.`
            });
            // From here the secret key's secret may hold the new key: the key is never removed again.
            if (removeNew)
                runner.forget(removeNew);
            await runner.run({
                name: `gh secret set ${secretSecret.name}`,
                create: async () => {
                    secretSecret.holds = 'unknown';
                    await setSecret(secretSecret.name, key.secretAccessKey, github, io);
                    secretSecret.holds = 'new';
                    for (const undo of [...runner.journal])
                        runner.forget(undo);
                    return secretSecret.name;
                },
                describe: name => `Stored the new secret key in the GitHub secret ${name}${(0,init.where)(github)}.`
            });
        }
        const profile = state.profile;
        if (profile) {
            await runner.run({
                name: `the profile ${profile.name} of ${profile.file}`,
                create: async () => {
                    writeProfileKey(profile.file, profile.name, key);
                    profile.holds = 'new';
                    if (removeNew)
                        runner.forget(removeNew);
                    return profile.name;
                },
                describe: name => `Wrote the new key into the profile ${name} of ${profile.file}.`
            });
        }
        if (old) {
            await runner.run({
                name: `UpdateAccessKey ${old} Inactive`,
                create: async () => {
                    await iam.updateAccessKey(user, old, 'Inactive');
                    state.oldInactive = true;
                    return old;
                },
                describe: id => `Made the old key ${id} Inactive (not deleted: the next rotation deletes it, or ` +
                    `rotate access-key --delete-old once it has not been used for ${DELETE_OLD_GRACE_DAYS} days).`
            });
        }
        io.stdout.write(keyReport(state, github).join('\n') + '\n');
    }
    catch (error) {
        const failedAt = runner.current;
        const notUndone = await runner.rollBack();
        if (removeNewJournaled(runner, notUndone, state))
            state.newRemoved = true;
        const lines = [`rotate access-key failed at ${failedAt}: ${(0,steps/* describe */.q0)(error)}`];
        lines.push('Now:', ...keyReport(state, github).map(line => `  ${line}`));
        // Not only removals: a secret may have to be set back to the old key's id.
        lines.push(...(0,steps/* notUndoneLines */.Id)(notUndone, 'Could not undo; by hand, in this order:'));
        throw new errors/* ActionError */.lZ(lines.join('\n'), { cause: error });
    }
    finally {
        runner.stop();
    }
}
/** Whether the rollback removed the new key (its undo was journaled and did not fail). */
function removeNewJournaled(runner, notUndone, state) {
    const removed = runner.journal.find(u => u.what === `the access key ${state.created} of ${state.user}`);
    return removed !== undefined && !notUndone.includes(removed);
}
/** `gh secret set` is idempotent (same name, same value): a failure is tried twice more. */
async function setSecret(name, value, github, io) {
    for (let attempt = 1;; attempt++) {
        try {
            return await (0,seed_store/* setGithubSecret */.yg)(name, value, github, io.env);
        }
        catch (error) {
            if (attempt >= 3)
                throw error;
            io.info(`${(0,steps/* describe */.q0)(error)}: trying again.`);
        }
    }
}
function restoreSecret(secret, oldId, github, io) {
    return {
        what: `the GitHub secret ${secret.name}${(0,init.where)(github)} (back to the old key's id)`,
        commands: [`printf %s ${oldId} | gh secret set ${secret.name}${targetText(github)}`],
        run: async () => {
            await setSecret(secret.name, oldId, github, io);
            secret.holds = 'old';
        }
    };
}
/**
 * IAM is eventually consistent: a new key may be refused for a few seconds (IAM User Guide,
 * "Changes that I make are not always immediately visible"). Asked again for a bounded time;
 * the key must be the user's.
 */
async function untilStsAccepts(whoAmI, user, io, runner) {
    const deadline = io.clock.now() + NEW_KEY_WAIT_MS;
    for (;;) {
        try {
            const arn = await whoAmI();
            if (!arn.includes(':user/') || !arn.endsWith(`/${user}`)) {
                throw new errors/* ActionError */.lZ(`STS says the new key is ${arn}, not the IAM user ${user}.`);
            }
            io.info(`STS accepts the new key: ${arn}.`);
            return arn;
        }
        catch (error) {
            const name = error?.name;
            const notYet = name === 'InvalidClientTokenId' || name === 'AccessDenied';
            if (!notYet || io.clock.now() + NEW_KEY_POLL_MS > deadline) {
                throw new errors/* ActionError */.lZ(`STS did not accept the new key within ${NEW_KEY_WAIT_MS / 1000} s (${(0,steps/* describe */.q0)(error)}).`, { cause: error });
            }
            io.info('STS does not accept the new key yet (IAM takes a few seconds): asking again.');
            await io.clock.sleep(NEW_KEY_POLL_MS);
            runner.check();
        }
    }
}
function keyReport(state, github) {
    const { user, old, created } = state;
    const holdsText = (holds) => holds === 'new'
        ? `the new key${created ? ` ${created}` : ''}`
        : holds === 'old'
            ? old
                ? `the old key ${old}`
                : 'what it held before'
            : 'unknown: gh failed, and may or may not have stored the new value; set it again';
    const lines = [];
    if (created) {
        lines.push(state.newRemoved
            ? `access key ${created} of ${user}: deleted again`
            : `access key ${created} of ${user}: Active (new)`);
    }
    if (old)
        lines.push(`access key ${old} of ${user}: ${state.oldInactive ? 'Inactive' : 'Active'} (old)`);
    if (state.deletedInactive) {
        lines.push(`access key ${state.deletedInactive} of ${user}: deleted (it was Inactive)`);
    }
    for (const secret of state.secrets) {
        lines.push(`GitHub secret ${secret.name}${(0,init.where)(github)}: ${holdsText(secret.holds)}`);
    }
    if (state.profile) {
        lines.push(`profile ${state.profile.name} of ${state.profile.file}: ${holdsText(state.profile.holds)}`);
    }
    const unknown = state.secrets.find(s => s.holds === 'unknown');
    if (created && !state.newRemoved && unknown) {
        lines.push(`If gh did not store ${unknown.name} (most likely when it failed), nothing holds the new ` +
            `key: delete it (aws iam delete-access-key --user-name ${user} --access-key-id ` +
            `${created}) and run rotate again. Never leave the secrets naming two different keys.`);
    }
    else if (created && !state.newRemoved && old && !state.oldInactive) {
        lines.push(`Both keys are Active. Once every place above holds the new key, make the old one Inactive: ` +
            `aws iam update-access-key --user-name ${user} --access-key-id ${old} --status Inactive`);
    }
    return lines;
}
/** `--delete-old`: the Inactive keys, deleted once unused for the grace period. */
async function deleteOldKeys(iam, options, io) {
    const user = options.userName;
    await workingAs(iam, user, io);
    const keys = await reach(`list the access keys of ${user}`, () => iam.accessKeys(user));
    const inactive = keys.filter(k => k.status !== 'Active').map(k => k.accessKeyId);
    if (inactive.length === 0) {
        io.stdout.write(`No Inactive access key of ${user}: nothing to delete.\n`);
        return;
    }
    const graceMs = DELETE_OLD_GRACE_DAYS * 24 * 3600 * 1000;
    const problems = [];
    for (const id of inactive) {
        const used = await reach(`read when ${id} was last used`, () => iam.accessKeyLastUsed(id));
        if (used && io.clock.now() - used.getTime() < graceMs) {
            problems.push(`The Inactive key ${id} of ${user} was last used ${used.toISOString()}, less than ` +
                `${DELETE_OLD_GRACE_DAYS} days ago: kept, so that it can be made Active again if ` +
                'something still needs it. Run --delete-old again later.');
        }
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    const runner = newRunner(io);
    runner.start();
    try {
        for (const id of inactive) {
            await runner.run({
                name: `DeleteAccessKey ${id}`,
                create: async () => {
                    await iam.deleteAccessKey(user, id);
                    return id;
                },
                describe: () => `Deleted the Inactive access key ${id} of ${user}.`
            });
        }
    }
    catch (error) {
        throw new errors/* ActionError */.lZ(`rotate access-key --delete-old failed at ${runner.current}: ${(0,steps/* describe */.q0)(error)}`, {
            cause: error
        });
    }
    finally {
        runner.stop();
    }
}


/***/ })

};
;