"use strict";
exports.id = 646;
exports.ids = [646];
exports.modules = {

/***/ 8835:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e6: () => (/* binding */ adminClients),
/* harmony export */   f3: () => (/* binding */ callerWithKey),
/* harmony export */   x9: () => (/* binding */ isAlreadyExists),
/* harmony export */   xY: () => (/* binding */ IAM_DEFAULT_REGION),
/* harmony export */   xp: () => (/* binding */ iamCalls)
/* harmony export */ });
/* unused harmony exports awsErrorName, isNoSuchEntity */
/* harmony import */ var _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6764);
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1695);
/* harmony import */ var _engine_bounded_http_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7244);



/** IAM is global: the aws partition signs it for us-east-1 (IAM User Guide, "IAM endpoints"). */
const IAM_DEFAULT_REGION = 'us-east-1';
function adminClients(region, profile) {
    const common = {
        region,
        profile,
        maxAttempts: 3,
        // The same bounds as the STS calls: a deadline over each whole exchange, a cap on its size.
        requestHandler: new _engine_bounded_http_js__WEBPACK_IMPORTED_MODULE_0__/* .BoundedHttpHandler */ .e$({ connectionTimeout: _engine_bounded_http_js__WEBPACK_IMPORTED_MODULE_0__/* .CONNECT_TIMEOUT_MS */ .cC }),
        customUserAgent: 'aws-assume-role-mfa-init'
    };
    return {
        iam: new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .IAMClient */ .h8v(common),
        iamOnce: new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .IAMClient */ .h8v({ ...common, maxAttempts: 1 }),
        sts: new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__/* .STSClient */ .iM(common)
    };
}
/**
 * GetCallerIdentity signed with the given long-term key (a new one: does STS take it yet?), on the
 * same endpoint and bounds as the administrator's calls, sent once: the caller retries.
 */
function callerWithKey(region, credentials) {
    const sts = new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__/* .STSClient */ .iM({
        region,
        credentials,
        maxAttempts: 1,
        requestHandler: new _engine_bounded_http_js__WEBPACK_IMPORTED_MODULE_0__/* .BoundedHttpHandler */ .e$({ connectionTimeout: _engine_bounded_http_js__WEBPACK_IMPORTED_MODULE_0__/* .CONNECT_TIMEOUT_MS */ .cC }),
        customUserAgent: 'aws-assume-role-mfa-rotate'
    });
    return async () => {
        const answer = await sts.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__/* .GetCallerIdentityCommand */ .zI({}));
        if (!answer.Arn)
            throw new Error('STS answered without the caller ARN.');
        return answer.Arn;
    };
}
/** An AWS error's code (the SDK's exception name), for the few `init` tells apart. */
function awsErrorName(error) {
    return error?.name;
}
const isNoSuchEntity = (error) => awsErrorName(error) === 'NoSuchEntityException';
const isAlreadyExists = (error) => awsErrorName(error) === 'EntityAlreadyExistsException';
/** The calls, each checking that AWS answered what it must. */
function iamCalls({ iam, iamOnce, sts }) {
    /** A delete whose target is gone (a retry after a lost answer, or someone else) is done. */
    const gone = async (call) => {
        try {
            await call;
        }
        catch (error) {
            if (!isNoSuchEntity(error))
                throw error;
        }
    };
    const required = (value, what) => {
        if (value === undefined || value === null || value === '') {
            throw new Error(`IAM answered without ${what}.`);
        }
        return value;
    };
    return {
        async callerArn() {
            const answer = await sts.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__/* .GetCallerIdentityCommand */ .zI({}));
            return {
                arn: required(answer.Arn, 'the caller ARN'),
                account: required(answer.Account, 'the account')
            };
        },
        async userArn(name) {
            try {
                const answer = await iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetUserCommand */ .T3b({ UserName: name }));
                return required(answer.User?.Arn, "the user's ARN");
            }
            catch (error) {
                if (isNoSuchEntity(error))
                    return undefined;
                throw error;
            }
        },
        async createUser(name) {
            const answer = await iamOnce.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .CreateUserCommand */ .nMY({ UserName: name }));
            return required(answer.User?.Arn, "the new user's ARN");
        },
        async deleteUser(name) {
            await gone(iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .DeleteUserCommand */ .O56({ UserName: name })));
        },
        async mfaDevices(user) {
            const answer = await iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .ListMFADevicesCommand */ .UxV({ UserName: user, MaxItems: 100 }));
            return (answer.MFADevices ?? []).map(device => device.SerialNumber ?? '');
        },
        async createVirtualMfaDevice(name) {
            const answer = await iamOnce.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .CreateVirtualMFADeviceCommand */ .XHT({ VirtualMFADeviceName: name }));
            const device = answer.VirtualMFADevice;
            // A blob holding the base32 text (IAM API reference: VirtualMFADevice, Base32StringSeed).
            const seed = Buffer.from(required(device?.Base32StringSeed, 'the seed')).toString('ascii');
            return { serial: required(device?.SerialNumber, "the device's serial"), seed };
        },
        async enableMfaDevice(user, serial, code1, code2) {
            await iamOnce.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .EnableMFADeviceCommand */ .ZVq({
                UserName: user,
                SerialNumber: serial,
                AuthenticationCode1: code1,
                AuthenticationCode2: code2
            }));
        },
        async deactivateMfaDevice(user, serial) {
            await gone(iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .DeactivateMFADeviceCommand */ .ShG({ UserName: user, SerialNumber: serial })));
        },
        async deleteVirtualMfaDevice(serial) {
            await gone(iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .DeleteVirtualMFADeviceCommand */ .Oem({ SerialNumber: serial })));
        },
        async role(name) {
            try {
                const answer = await iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetRoleCommand */ .kbp({ RoleName: name }));
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
            const answer = await iamOnce.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .CreateRoleCommand */ .IS({
                RoleName: name,
                AssumeRolePolicyDocument: trustPolicy,
                Description: 'Assumed with MFA by aws-assume-role-mfa'
            }));
            return required(answer.Role?.Arn, "the new role's ARN");
        },
        async deleteRole(name) {
            await gone(iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .DeleteRoleCommand */ .$kI({ RoleName: name })));
        },
        async putUserPolicy(user, name, document) {
            await iamOnce.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .PutUserPolicyCommand */ .CkV({ UserName: user, PolicyName: name, PolicyDocument: document }));
        },
        async deleteUserPolicy(user, name) {
            await gone(iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .DeleteUserPolicyCommand */ .QJ2({ UserName: user, PolicyName: name })));
        },
        async createAccessKey(user) {
            const answer = await iamOnce.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .CreateAccessKeyCommand */ .hN({ UserName: user }));
            return {
                accessKeyId: required(answer.AccessKey?.AccessKeyId, 'the access key id'),
                secretAccessKey: required(answer.AccessKey?.SecretAccessKey, 'the secret access key')
            };
        },
        async deleteAccessKey(user, accessKeyId) {
            await gone(iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .DeleteAccessKeyCommand */ .yq0({ UserName: user, AccessKeyId: accessKeyId })));
        },
        async userPolicy(user, name) {
            try {
                const answer = await iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetUserPolicyCommand */ .bcb({ UserName: user, PolicyName: name }));
                // URL-encoded as RFC 3986, as GetRole's trust policy (IAM API reference: GetUserPolicy).
                return decode(required(answer.PolicyDocument, 'the policy document'));
            }
            catch (error) {
                if (isNoSuchEntity(error))
                    return undefined;
                throw error;
            }
        },
        async accessKeys(user) {
            const answer = await iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .ListAccessKeysCommand */ .Qxm({ UserName: user, MaxItems: 100 }));
            return (answer.AccessKeyMetadata ?? []).map(key => ({
                accessKeyId: required(key.AccessKeyId, 'an access key id'),
                status: key.Status ?? ''
            }));
        },
        async updateAccessKey(user, accessKeyId, status) {
            // Setting a status is idempotent: the retrying client is safe here.
            await iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .UpdateAccessKeyCommand */ .SF3({ UserName: user, AccessKeyId: accessKeyId, Status: status }));
        },
        async accessKeyLastUsed(accessKeyId) {
            const answer = await iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetAccessKeyLastUsedCommand */ .qRl({ AccessKeyId: accessKeyId }));
            return answer.AccessKeyLastUsed?.LastUsedDate;
        },
        async group(name) {
            try {
                const answer = await iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetGroupCommand */ .DyH({ GroupName: name, MaxItems: 1000 }));
                return {
                    arn: required(answer.Group?.Arn, "the group's ARN"),
                    users: (answer.Users ?? []).map(user => user.UserName ?? '')
                };
            }
            catch (error) {
                if (isNoSuchEntity(error))
                    return undefined;
                throw error;
            }
        },
        async createGroup(name) {
            const answer = await iamOnce.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .CreateGroupCommand */ .fdx({ GroupName: name }));
            return required(answer.Group?.Arn, "the new group's ARN");
        },
        async deleteGroup(name) {
            await gone(iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .DeleteGroupCommand */ .M0i({ GroupName: name })));
        },
        async groupPolicy(group, name) {
            try {
                const answer = await iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetGroupPolicyCommand */ .bhF({ GroupName: group, PolicyName: name }));
                return decode(required(answer.PolicyDocument, 'the policy document'));
            }
            catch (error) {
                if (isNoSuchEntity(error))
                    return undefined;
                throw error;
            }
        },
        async putGroupPolicy(group, name, document) {
            await iamOnce.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .PutGroupPolicyCommand */ .Eh({ GroupName: group, PolicyName: name, PolicyDocument: document }));
        },
        async deleteGroupPolicy(group, name) {
            await gone(iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .DeleteGroupPolicyCommand */ .I3S({ GroupName: group, PolicyName: name })));
        },
        async addUserToGroup(group, user) {
            await iamOnce.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .AddUserToGroupCommand */ .com({ GroupName: group, UserName: user }));
        },
        async removeUserFromGroup(group, user) {
            await gone(iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .RemoveUserFromGroupCommand */ .IuP({ GroupName: group, UserName: user })));
        },
        async groupsForUser(user) {
            const answer = await iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .ListGroupsForUserCommand */ .WcQ({ UserName: user, MaxItems: 1000 }));
            return (answer.Groups ?? []).map(group => group.GroupName ?? '');
        },
        async virtualMfaDevices() {
            const devices = [];
            let marker;
            // Paged (IAM API reference: ListVirtualMFADevices, Marker/IsTruncated); bounded all the same.
            for (let page = 0; page < 100; page++) {
                const answer = await iam.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .ListVirtualMFADevicesCommand */ .oQ_({ AssignmentStatus: 'Any', Marker: marker }));
                for (const device of answer.VirtualMFADevices ?? []) {
                    const serial = required(device.SerialNumber, "a device's serial");
                    devices.push(device.User?.UserName ? { serial, user: device.User.UserName } : { serial });
                }
                if (!answer.IsTruncated || !answer.Marker)
                    break;
                marker = answer.Marker;
            }
            return devices;
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


/***/ }),

/***/ 1809:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ ACCESS_KEY_SECRETS),
/* harmony export */   DR: () => (/* binding */ repoProblems),
/* harmony export */   Fb: () => (/* binding */ INIT_HELP),
/* harmony export */   Rk: () => (/* binding */ parseInitCommandLine),
/* harmony export */   UY: () => (/* binding */ secretNameProblems),
/* harmony export */   Vw: () => (/* binding */ userNameProblems),
/* harmony export */   yE: () => (/* binding */ deviceNameProblems)
/* harmony export */ });
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7679);
/* harmony import */ var _trust_policy_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4927);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(776);



/** The GitHub secrets the new access key goes into, as the README's workflow names them. */
const ACCESS_KEY_SECRETS = {
    accessKeyId: 'AWS_ACCESS_KEY_ID',
    secretAccessKey: 'AWS_SECRET_ACCESS_KEY'
};
// IAM API reference, CreateUser / CreateRole / CreateVirtualMFADevice: name length and pattern.
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
const DEVICE_NAME = /^[\w+=,.@-]{1,226}$/;
// CreateGroup: GroupName 1 to 128 of the same characters.
const GROUP_NAME = /^[\w+=,.@-]{1,128}$/;
// GitHub: letters, digits and _, not starting with a digit or GITHUB_ ("Naming your secrets").
const SECRET_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/i;
const REPO = /^[\w.-]+\/[\w.-]+$/;
/** --user-name, which init and rotate require: an IAM user's name. */
function userNameProblems(userName) {
    if (!userName)
        return ['Option --user-name is required: the IAM user the workflow signs in as.'];
    if (!IAM_NAME.test(userName)) {
        return [`Invalid --user-name '${userName}': 1 to 64 letters, digits and +=,.@_- only.`];
    }
    return [];
}
/** --device-name: a virtual MFA device's name. */
function deviceNameProblems(deviceName) {
    return DEVICE_NAME.test(deviceName)
        ? []
        : [`Invalid --device-name '${deviceName}': 1 to 226 letters, digits and +=,.@_- only.`];
}
/** An option that names a GitHub secret (--github-secret, …), when given. */
function secretNameProblems(option, name) {
    return name === undefined || SECRET_NAME.test(name)
        ? []
        : [
            `Invalid --${option} '${name}': letters, digits and _, not starting with a digit or GITHUB_.`
        ];
}
/** --github-repo, when given. */
function repoProblems(repo) {
    return repo === undefined || REPO.test(repo)
        ? []
        : [`Invalid --github-repo '${repo}'. Expected OWNER/REPO.`];
}
function parseInitCommandLine(argv) {
    const values = (0,_options_js__WEBPACK_IMPORTED_MODULE_1__/* .parseUsage */ .Zb)(argv, {
        'user-name': { type: 'string' },
        'device-name': { type: 'string' },
        'role-name': { type: 'string' },
        group: { type: 'string' },
        'seed-file': { type: 'string' },
        'github-secret': { type: 'string' },
        'github-repo': { type: 'string' },
        'github-environment': { type: 'string' },
        'create-access-key': { type: 'boolean' },
        'replace-secrets': { type: 'boolean' },
        'mfa-max-age-seconds': { type: 'string' },
        profile: { type: 'string' },
        'aws-region': { type: 'string' },
        help: { type: 'boolean', short: 'h' }
    }, 'every value follows its option, as in --user-name NAME.');
    const text = (0,_options_js__WEBPACK_IMPORTED_MODULE_1__/* .textOption */ .vU)(values);
    const options = {
        help: values.help === true,
        userName: text('user-name') ?? '',
        deviceName: text('device-name') ?? text('user-name') ?? '',
        roleName: text('role-name'),
        group: text('group'),
        seedFile: text('seed-file'),
        githubSecret: text('github-secret'),
        githubRepo: text('github-repo'),
        githubEnvironment: text('github-environment'),
        createAccessKey: values['create-access-key'] === true,
        replaceSecrets: values['replace-secrets'] === true,
        profile: text('profile'),
        region: text('aws-region'),
        mfaMaxAgeSeconds: Number(text('mfa-max-age-seconds') ?? _trust_policy_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_MFA_MAX_AGE_SECONDS */ .iU)
    };
    if (options.help)
        return options;
    const problems = initProblems(options, text('mfa-max-age-seconds'));
    if (problems.length > 0)
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(problems);
    return options;
}
function initProblems(options, maxAge) {
    const problems = userNameProblems(options.userName);
    if (options.userName)
        problems.push(...deviceNameProblems(options.deviceName));
    if (options.roleName !== undefined && !IAM_NAME.test(options.roleName)) {
        problems.push(`Invalid --role-name '${options.roleName}': 1 to 64 letters, digits and +=,.@_- only.`);
    }
    if (options.group !== undefined && !GROUP_NAME.test(options.group)) {
        problems.push(`Invalid --group '${options.group}': 1 to 128 letters, digits and +=,.@_- only.`);
    }
    else if (options.group !== undefined && !options.roleName) {
        problems.push('--group goes with --role-name: the group is allowed to assume that role.');
    }
    if (!options.seedFile && !options.githubSecret) {
        problems.push('Say where the seed goes: --seed-file PATH (a new file, mode 600), --github-secret NAME ' +
            '(through gh secret set), or both. AWS shows a seed only once.');
    }
    problems.push(...secretNameProblems('github-secret', options.githubSecret));
    if (options.githubSecret &&
        options.createAccessKey &&
        Object.values(ACCESS_KEY_SECRETS).includes(options.githubSecret.toUpperCase())) {
        problems.push(`--github-secret ${options.githubSecret} is where --create-access-key puts the key: name ` +
            'the seed secret otherwise, e.g. AWS_MFA_SEED.');
    }
    if (!options.githubSecret && (options.githubRepo || options.githubEnvironment)) {
        problems.push('--github-repo and --github-environment go with --github-secret.');
    }
    if (!options.githubSecret && options.replaceSecrets) {
        problems.push('--replace-secrets goes with --github-secret.');
    }
    problems.push(...repoProblems(options.githubRepo));
    if (options.createAccessKey && !options.githubSecret) {
        problems.push('--create-access-key needs --github-secret: the new key goes straight into the GitHub ' +
            `secrets ${ACCESS_KEY_SECRETS.accessKeyId} and ${ACCESS_KEY_SECRETS.secretAccessKey}, ` +
            'and is never printed or written to a file.');
    }
    // Digits only: Number() would take 1e+23, 0x10 or 1.0, and a policy would then say "1e+23".
    if ((maxAge !== undefined && !/^\d{1,6}$/.test(maxAge)) ||
        !Number.isSafeInteger(options.mfaMaxAgeSeconds) ||
        options.mfaMaxAgeSeconds < 1 ||
        options.mfaMaxAgeSeconds > _trust_policy_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_MFA_MAX_AGE_SECONDS */ .Lc) {
        problems.push(`Invalid --mfa-max-age-seconds '${maxAge}': a whole number of seconds from 1 to ` +
            `${_trust_policy_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_MFA_MAX_AGE_SECONDS */ .Lc} (the longest MFA session STS issues), e.g. ` +
            `${_trust_policy_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_MFA_MAX_AGE_SECONDS */ .iU}.`);
    }
    if (options.mfaMaxAgeSeconds !== _trust_policy_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_MFA_MAX_AGE_SECONDS */ .iU && !options.roleName) {
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
  --group NAME                  for a team: the user joins this IAM group (created if missing),
                                whose policy allows sts:AssumeRole on the role only; a new role
                                then trusts the account, with MFA, and the groups decide who
  --mfa-max-age-seconds N       a new role's aws:MultiFactorAuthAge bound, NumericLessThan, 1 to
                                ${_trust_policy_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_MFA_MAX_AGE_SECONDS */ .Lc} (default ${_trust_policy_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_MFA_MAX_AGE_SECONDS */ .iU}: the action's default
                                mfa-session-duration-seconds, which it then accepts in full)
  --seed-file PATH              write the seed to this new file (mode 600; never overwritten)
  --github-secret NAME          store the seed as this GitHub secret, with gh secret set (the seed
                                goes to gh on standard input, never on a command line)
  --github-repo OWNER/REPO      the repository (default: gh's, that of the current folder)
  --github-environment NAME     an environment's secrets rather than the repository's
  --create-access-key           also create an access key for the user, straight into the secrets
                                ${ACCESS_KEY_SECRETS.accessKeyId} and ${ACCESS_KEY_SECRETS.secretAccessKey} (needs --github-secret)
  --replace-secrets             replace GitHub secrets of those names that exist already (their
                                old values are lost); without it, init refuses before it starts
  --profile NAME                the administrator's profile
  --aws-region REGION           region to sign IAM requests for (default: AWS_REGION, else us-east-1)
  -h, --help                    this help

Everything that can be checked is checked before anything is created; nothing that exists is
changed (an existing user, role or inline policy is used as it is, or refused). When a step fails
after that, or on Ctrl-C, SIGTERM or SIGHUP, exactly what this run created is removed again, and
what could not be is listed with the commands that remove it; a second signal stops at once,
listing what is left.

Example:
  aws-assume-role-mfa init --user-name ci-deploy --role-name deploy \\
      --github-secret AWS_MFA_SEED --github-environment production --create-access-key

Standard output gets the device ARN, the role ARN and a workflow step; messages go to standard
error. The exit code is 0 on success, 1 otherwise.
`;


/***/ }),

/***/ 7646:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PRINCIPAL_WAIT_MS: () => (/* binding */ PRINCIPAL_WAIT_MS),
/* harmony export */   boundWords: () => (/* binding */ boundWords),
/* harmony export */   consecutiveCodes: () => (/* binding */ consecutiveCodes),
/* harmony export */   deviceStep: () => (/* binding */ deviceStep),
/* harmony export */   enableStep: () => (/* binding */ enableStep),
/* harmony export */   keyStep: () => (/* binding */ keyStep),
/* harmony export */   run: () => (/* binding */ run),
/* harmony export */   runInit: () => (/* binding */ runInit),
/* harmony export */   secretStep: () => (/* binding */ secretStep),
/* harmony export */   where: () => (/* binding */ where)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7679);
/* harmony import */ var _engine_totp_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6241);
/* harmony import */ var _iam_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8835);
/* harmony import */ var _init_options_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1809);
/* harmony import */ var _engine_credentials_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3656);
/* harmony import */ var _seed_store_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6697);
/* harmony import */ var _steps_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1713);
/* harmony import */ var _trust_policy_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4927);










/** `init`, as main.ts runs it: set-up, once, by an administrator. */
async function run(argv, { io, log }) {
    const options = (0,_init_options_js__WEBPACK_IMPORTED_MODULE_4__/* .parseInitCommandLine */ .Rk)(argv);
    if (options.help) {
        io.stdout.write(_init_options_js__WEBPACK_IMPORTED_MODULE_4__/* .INIT_HELP */ .Fb);
        return 0;
    }
    // --profile names the administrator's keys: keys in the environment must not compete with them.
    if (options.profile)
        for (const name of _engine_credentials_js__WEBPACK_IMPORTED_MODULE_7__/* .CREDENTIAL_VARIABLES */ .eB)
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
    const seedFile = options.seedFile && (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(options.seedFile);
    const github = { repo: options.githubRepo, environment: options.githubEnvironment };
    const problems = seedFile ? (0,_seed_store_js__WEBPACK_IMPORTED_MODULE_5__/* .seedFileProblems */ .WN)(seedFile) : [];
    let secretsBefore = [];
    if (options.githubSecret) {
        const gh = await (0,_seed_store_js__WEBPACK_IMPORTED_MODULE_5__/* .githubProblems */ .ku)(github, io.env);
        problems.push(...gh.problems);
        const toSet = secretNames(options);
        secretsBefore = gh.names.filter(name => toSet.includes(name));
        const shadowed = gh.repoNames.filter(name => toSet.includes(name));
        const plural = (names) => `secret${names.length > 1 ? 's' : ''} ${names.join(', ')} exist${names.length > 1 ? '' : 's'}`;
        if (secretsBefore.length > 0 && !options.replaceSecrets) {
            problems.push(`The GitHub ${plural(secretsBefore)} already${where(github)} (gh secret list): ` +
                'init does not overwrite them, since a working set-up may use them. Give another ' +
                '--github-secret or --github-environment, delete them first, or pass --replace-secrets ' +
                'to replace them (their old values are lost).');
        }
        if (shadowed.length > 0 && !options.replaceSecrets) {
            problems.push(`The repository's ${plural(shadowed)}${where({ repo: github.repo })}: the environment ` +
                `${github.environment}'s secrets of the same names would take their place in its jobs, ` +
                'which may deploy with them today. Give another --github-secret, or pass ' +
                '--replace-secrets if the environment is to have its own.');
        }
    }
    if (problems.length > 0)
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(problems);
    const region = options.region || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || _iam_js__WEBPACK_IMPORTED_MODULE_8__/* .IAM_DEFAULT_REGION */ .xY;
    const iam = (0,_iam_js__WEBPACK_IMPORTED_MODULE_8__/* .iamCalls */ .xp)((0,_iam_js__WEBPACK_IMPORTED_MODULE_8__/* .adminClients */ .e6)(region, options.profile));
    const plan = await lookUp(iam, options, io);
    plan.secretsBefore = secretsBefore;
    const runner = new _steps_js__WEBPACK_IMPORTED_MODULE_6__/* .StepRunner */ .H1({
        info: io.info,
        exit: io.exit ?? (code => process.exit(code))
    });
    const user = options.userName;
    /** Secrets that existed and were set by this run: the rollback cannot put them back. */
    const replaced = [];
    runner.start();
    try {
        const device = await runner.run(deviceStep(iam, options, seedFile, io));
        const { serial } = device;
        let userArn = plan.userArn;
        if (!plan.userExists)
            userArn = await runner.run(userStep(iam, user));
        let roleArn = plan.roleArn;
        const roleName = options.roleName;
        if (roleName) {
            const group = options.group;
            if (!roleArn) {
                // For a group, the account: the group's policy then decides who may assume the role.
                const trusted = group ? plan.accountRoot : userArn;
                roleArn = await runner.run(roleStep(iam, roleName, (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .trustPolicy */ .RZ)(trusted, options.mfaMaxAgeSeconds), io, runner));
                io.info(group
                    ? `Created the role ${roleArn}: it trusts the account (${trusted}), with MFA only; ` +
                        `the policy of the group ${group} says who may assume it.`
                    : `Created the role ${roleArn}: it trusts ${userArn}, with MFA only.`);
                io.info(boundWords(options.mfaMaxAgeSeconds));
            }
            if (group && plan.group) {
                if (!plan.group.exists)
                    await runner.run(groupStep(iam, group));
                if (!plan.group.policyExists) {
                    await runner.run(groupPolicyStep(iam, group, roleName, roleArn));
                }
                if (!plan.group.userIn)
                    await runner.run(membershipStep(iam, group, user));
            }
            else if (!plan.policyExists) {
                await runner.run(policyStep(iam, user, roleName, roleArn));
            }
        }
        await runner.run(enableStep(iam, user, device, io, runner));
        let key;
        if (options.createAccessKey)
            key = await runner.run(keyStep(iam, user, plan, io));
        if (options.githubSecret) {
            const secrets = [
                ...(key
                    ? [
                        [_init_options_js__WEBPACK_IMPORTED_MODULE_4__/* .ACCESS_KEY_SECRETS */ .Bq.accessKeyId, key.accessKeyId],
                        [_init_options_js__WEBPACK_IMPORTED_MODULE_4__/* .ACCESS_KEY_SECRETS */ .Bq.secretAccessKey, key.secretAccessKey]
                    ]
                    : []),
                [options.githubSecret, device.seed]
            ];
            for (const [name, value] of secrets) {
                const existed = plan.secretsBefore.includes(name);
                await runner.run(secretStep(name, value, github, existed, io, () => existed && replaced.push(name)));
            }
        }
        if (plan.leftAlone.length > 0) {
            io.info(`There before this run, used as it was: ${plan.leftAlone.join('; ')}.`);
        }
        io.stdout.write(summary({ serial, roleArn, userArn, region, options, keySecrets: key !== undefined }));
    }
    catch (error) {
        const notUndone = await runner.rollBack();
        const lines = [`init failed at ${runner.current}: ${(0,_steps_js__WEBPACK_IMPORTED_MODULE_6__/* .describe */ .q0)(error)}`];
        if (runner.journal.length > 0 && notUndone.length === 0) {
            lines.push('Everything this run created was removed again.');
        }
        if (seedFile && notUndone.some(u => u.what.startsWith('the MFA device'))) {
            lines.push(`The seed is kept in ${seedFile}: the device it belongs to still exists.`);
        }
        if (plan.leftAlone.length > 0) {
            lines.push(`There before this run, left alone: ${plan.leftAlone.join('; ')}.`);
        }
        if (replaced.length > 0) {
            lines.push(`Replaced before the failure (--replace-secrets), and their old values are gone: the ` +
                `GitHub secrets ${replaced.join(', ')}; set them again with gh secret set.`);
        }
        lines.push(...(0,_steps_js__WEBPACK_IMPORTED_MODULE_6__/* .notUndoneLines */ .Id)(notUndone));
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(lines.join('\n'), { cause: error });
    }
    finally {
        runner.stop();
    }
}
/** The GitHub secrets init sets, by name. */
function secretNames(options) {
    return [
        ...(options.createAccessKey
            ? [_init_options_js__WEBPACK_IMPORTED_MODULE_4__/* .ACCESS_KEY_SECRETS */ .Bq.accessKeyId, _init_options_js__WEBPACK_IMPORTED_MODULE_4__/* .ACCESS_KEY_SECRETS */ .Bq.secretAccessKey]
            : []),
        ...(options.githubSecret ? [options.githubSecret] : [])
    ];
}
/** CreateVirtualMFADevice, and the seed file beside it: one step, one undo (the file goes last). */
function deviceStep(iam, options, seedFile, io) {
    const name = options.deviceName;
    return {
        name: 'CreateVirtualMFADevice',
        async create() {
            let device;
            try {
                device = await iam.createVirtualMfaDevice(name);
            }
            catch (error) {
                if (!(0,_iam_js__WEBPACK_IMPORTED_MODULE_8__/* .isAlreadyExists */ .x9)(error))
                    throw error;
                throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz([deviceExists(name)]);
            }
            io.mask(device.seed);
            if (seedFile) {
                try {
                    (0,_seed_store_js__WEBPACK_IMPORTED_MODULE_5__/* .writeSeedFile */ .Pg)(seedFile, device.seed);
                }
                catch (error) {
                    await iam.deleteVirtualMfaDevice(device.serial);
                    throw error;
                }
            }
            return device;
        },
        async reconcile() {
            // Made, but its seed was never seen: nobody can use it. Removed, and said so.
            const serial = (await iam.virtualMfaDevices()).find(d => d.serial.endsWith(`:mfa/${name}`));
            if (serial === undefined)
                return undefined;
            await iam.deleteVirtualMfaDevice(serial.serial);
            throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`IAM made the device ${serial.serial}, but its answer, with the seed, was lost; the ` +
                'device was deleted again, since nobody can use it. Run init again.');
        },
        undo: ({ serial }) => ({
            what: `the MFA device ${serial}`,
            commands: [
                `aws iam delete-virtual-mfa-device --serial-number ${serial}`,
                ...(seedFile ? [`rm ${seedFile}`] : [])
            ],
            run: async () => {
                await iam.deleteVirtualMfaDevice(serial);
                if (seedFile)
                    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(seedFile);
            }
        }),
        describe: ({ serial }) => `Created the virtual MFA device ${serial}.` +
            (seedFile ? ` Wrote its seed to ${seedFile} (mode 600).` : '')
    };
}
function deviceExists(name) {
    return (`An MFA device named ${name} exists in this account already (left unassigned by an earlier ` +
        'attempt, or assigned to another user). Give another --device-name, or delete that device ' +
        '(aws iam list-virtual-mfa-devices shows it; aws iam delete-virtual-mfa-device removes it).');
}
function userStep(iam, user) {
    return {
        name: 'CreateUser',
        create: () => iam.createUser(user),
        // It was not there when looked up: there now, this run made it.
        reconcile: () => iam.userArn(user),
        undo: () => ({
            what: `the IAM user ${user}`,
            commands: [`aws iam delete-user --user-name ${user}`],
            run: () => iam.deleteUser(user)
        }),
        describe: arn => `Created the IAM user ${arn} (it had none).`
    };
}
function roleStep(iam, roleName, policy, io, runner) {
    return {
        name: 'CreateRole',
        create: () => untilPrincipalVisible(() => iam.createRole(roleName, policy), io, () => runner.check()),
        reconcile: async () => (await iam.role(roleName))?.arn,
        undo: () => ({
            what: `the role ${roleName}`,
            commands: [`aws iam delete-role --role-name ${roleName}`],
            run: () => iam.deleteRole(roleName)
        })
    };
}
function policyStep(iam, user, roleName, roleArn) {
    const name = (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .userPolicyName */ .rk)(roleName);
    const document = (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .assumeRolePolicy */ .x)(roleArn);
    return {
        name: 'PutUserPolicy',
        create: async () => {
            await iam.putUserPolicy(user, name, document);
            return name;
        },
        reconcile: async () => samePolicy(await iam.userPolicy(user, name), document) ? name : undefined,
        undo: () => ({
            what: `the policy ${name} of ${user}`,
            commands: [`aws iam delete-user-policy --user-name ${user} --policy-name ${name}`],
            run: () => iam.deleteUserPolicy(user, name)
        }),
        describe: () => `Allowed ${user} sts:AssumeRole on ${roleArn} only (inline policy ${name}).`
    };
}
function groupStep(iam, group) {
    return {
        name: 'CreateGroup',
        create: () => iam.createGroup(group),
        reconcile: async () => (await iam.group(group))?.arn,
        undo: () => ({
            what: `the IAM group ${group}`,
            commands: [`aws iam delete-group --group-name ${group}`],
            run: () => iam.deleteGroup(group)
        }),
        describe: arn => `Created the IAM group ${arn}.`
    };
}
function groupPolicyStep(iam, group, roleName, roleArn) {
    const name = (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .userPolicyName */ .rk)(roleName);
    const document = (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .assumeRolePolicy */ .x)(roleArn);
    return {
        name: 'PutGroupPolicy',
        create: async () => {
            await iam.putGroupPolicy(group, name, document);
            return name;
        },
        reconcile: async () => samePolicy(await iam.groupPolicy(group, name), document) ? name : undefined,
        undo: () => ({
            what: `the policy ${name} of the group ${group}`,
            commands: [`aws iam delete-group-policy --group-name ${group} --policy-name ${name}`],
            run: () => iam.deleteGroupPolicy(group, name)
        }),
        describe: () => `Allowed the group ${group} sts:AssumeRole on ${roleArn} only (inline policy ${name}).`
    };
}
function membershipStep(iam, group, user) {
    return {
        name: 'AddUserToGroup',
        create: async () => {
            await iam.addUserToGroup(group, user);
            return group;
        },
        reconcile: async () => ((await iam.groupsForUser(user)).includes(group) ? group : undefined),
        // Before the user is deleted (IAM refuses to delete a user still in a group): newer, so first.
        undo: () => ({
            what: `the membership of ${user} in the group ${group}`,
            commands: [`aws iam remove-user-from-group --group-name ${group} --user-name ${user}`],
            run: () => iam.removeUserFromGroup(group, user)
        }),
        describe: () => `Added ${user} to the group ${group}.`
    };
}
function enableStep(iam, user, device, io, runner) {
    const { serial } = device;
    return {
        name: 'EnableMFADevice',
        create: async () => {
            const totp = { secret: device.seed, ..._engine_totp_js__WEBPACK_IMPORTED_MODULE_3__/* .AWS_TOTP_DEFAULTS */ .FA };
            const [code1, code2] = await consecutiveCodes(totp, io, () => runner.check());
            await iam.enableMfaDevice(user, serial, code1, code2);
            return serial;
        },
        reconcile: async () => ((await iam.mfaDevices(user)).includes(serial) ? serial : undefined),
        // IAM deletes an enabled device only once deactivated (API_DeleteVirtualMFADevice): this
        // undo, newer than the device's, runs first.
        undo: () => ({
            what: `the MFA device ${serial} enabled for ${user}`,
            commands: [`aws iam deactivate-mfa-device --user-name ${user} --serial-number ${serial}`],
            run: () => iam.deactivateMfaDevice(user, serial)
        }),
        describe: () => `Enabled ${serial} for ${user}.`
    };
}
function keyStep(iam, user, plan, io, again = 'Run init again.') {
    return {
        name: 'CreateAccessKey',
        create: async () => {
            const key = await iam.createAccessKey(user);
            io.mask(key.secretAccessKey);
            return key;
        },
        async reconcile() {
            // A key IAM made whose secret nobody saw: deleted at once, never left for the quota.
            const lost = (await iam.accessKeys(user))
                .map(k => k.accessKeyId)
                .filter(id => !plan.keysBefore.includes(id));
            if (lost.length === 0)
                return undefined;
            const left = [];
            for (const id of lost) {
                try {
                    await iam.deleteAccessKey(user, id);
                }
                catch {
                    left.push(`aws iam delete-access-key --user-name ${user} --access-key-id ${id}`);
                }
            }
            throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`IAM made the access key ${lost.join(', ')}, but its answer, with the secret, was lost; ` +
                (left.length === 0
                    ? `the key was deleted again, since nobody holds it. ${again}`
                    : `delete it by hand, since nobody holds it: ${left.join('; ')}`));
        },
        undo: ({ accessKeyId }) => ({
            what: `the access key ${accessKeyId} of ${user}`,
            commands: [`aws iam delete-access-key --user-name ${user} --access-key-id ${accessKeyId}`],
            run: () => iam.deleteAccessKey(user, accessKeyId)
        }),
        describe: ({ accessKeyId }) => `Created the access key ${accessKeyId} for ${user}.`
    };
}
/**
 * `gh secret set`: a new secret is removed again by the rollback; one that existed before
 * (--replace-secrets) cannot be put back, and the failure message says so.
 */
function secretStep(name, value, github, existed, io, onSet) {
    return {
        name: `gh secret set ${name}`,
        create: async () => {
            await (0,_seed_store_js__WEBPACK_IMPORTED_MODULE_5__/* .setGithubSecret */ .yg)(name, value, github, io.env);
            onSet();
            return name;
        },
        // gh may have stored it before failing (a timeout): look.
        reconcile: async () => !existed && (await (0,_seed_store_js__WEBPACK_IMPORTED_MODULE_5__/* .githubSecretNames */ .UI)(github, io.env))?.includes(name) ? name : undefined,
        undo: () => existed
            ? undefined
            : {
                what: `the GitHub secret ${name}${where(github)}`,
                commands: [(0,_seed_store_js__WEBPACK_IMPORTED_MODULE_5__/* .deleteSecretCommand */ .NN)(name, github)],
                run: () => (0,_seed_store_js__WEBPACK_IMPORTED_MODULE_5__/* .deleteGithubSecret */ .hu)(name, github, io.env)
            },
        describe: () => `${existed ? 'Replaced' : 'Stored'} the GitHub secret ${name}${where(github)}.`
    };
}
/** Whether two policy documents say the same (JSON, whatever the spacing). */
function samePolicy(found, document) {
    if (found === undefined)
        return false;
    try {
        return JSON.stringify(JSON.parse(found)) === JSON.stringify(JSON.parse(document));
    }
    catch {
        return false;
    }
}
/**
 * What exists already, found without changing anything. Refuses, all at once, what init cannot do
 * without changing what exists: a device name taken, the user's devices or keys at IAM's quota, a
 * role whose trust policy does not admit the user with MFA only, an inline policy of init's name
 * with another document.
 */
async function lookUp(iam, options, io) {
    const reach = (what, call) => (0,_steps_js__WEBPACK_IMPORTED_MODULE_6__/* .readBeforeSteps */ .P9)(what, call, "Nothing was created. init needs an administrator's credentials (the AWS SDK default " +
        'chain, or --profile) allowed to manage IAM users, MFA devices and roles.');
    const caller = await reach('reach AWS as the administrator', () => iam.callerArn());
    io.info(`Working as ${caller.arn}.`);
    const partition = caller.arn.split(':')[1] || 'aws';
    const user = options.userName;
    const existing = await reach(`read the IAM user ${user}`, () => iam.userArn(user));
    const userArn = existing ?? `arn:${partition}:iam::${caller.account}:user/${user}`;
    const problems = [];
    const leftAlone = [];
    let keysBefore = [];
    let policyExists = false;
    let group;
    if (existing) {
        leftAlone.push(`the IAM user ${user}`);
        const serials = await reach(`list the MFA devices of ${user}`, () => iam.mfaDevices(user));
        const same = serials.find(serial => serial.endsWith(`:mfa/${options.deviceName}`));
        if (same) {
            problems.push(`The IAM user ${user} already has the MFA device ${same}: a device's seed cannot be read ` +
                'back, so init does not reuse it. Give another --device-name, or remove that device ' +
                `first (aws iam deactivate-mfa-device --user-name ${user} --serial-number ${same}, ` +
                `then aws iam delete-virtual-mfa-device --serial-number ${same}).`);
        }
        else if (serials.length >= MFA_DEVICES_PER_USER) {
            problems.push(`The IAM user ${user} has ${serials.length} MFA devices, the most IAM allows ` +
                '(IAM quotas): deactivate and delete one it no longer uses first.');
        }
        if (options.createAccessKey) {
            keysBefore = (await reach(`list the access keys of ${user}`, () => iam.accessKeys(user))).map(k => k.accessKeyId);
            if (keysBefore.length >= ACCESS_KEYS_PER_USER) {
                problems.push(`The IAM user ${user} has two access keys (${keysBefore.join(', ')}), the most IAM ` +
                    'allows: --create-access-key cannot add one. Delete the one no workflow uses ' +
                    `(aws iam delete-access-key --user-name ${user} --access-key-id ID), or run init ` +
                    'without --create-access-key.');
            }
        }
    }
    const devices = await reach('list the virtual MFA devices', () => iam.virtualMfaDevices());
    const taken = devices.find(d => d.serial.endsWith(`:mfa/${options.deviceName}`));
    if (taken && !(existing && taken.user === user))
        problems.push(deviceExists(options.deviceName));
    let roleArn;
    let newRoleArn;
    if (options.roleName) {
        const roleName = options.roleName;
        const role = await reach(`read the role ${roleName}`, () => iam.role(roleName));
        if (role) {
            const verdict = (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .judgeTrust */ .g_)(role.trustPolicy, userArn);
            for (const warning of verdict.warnings)
                io.info(`Warning: the role ${role.arn}: ${warning}`);
            if (verdict.problems.length > 0) {
                // For a group, the statement to put in trusts the account, as a role init makes does.
                const trusted = options.group ? `arn:${partition}:iam::${caller.account}:root` : userArn;
                problems.push(trustRefusal(role.arn, roleName, userArn, trusted, verdict.problems, options));
            }
            else {
                leftAlone.push(`the role ${roleName}`);
            }
            roleArn = role.arn;
        }
        else {
            newRoleArn = `arn:${partition}:iam::${caller.account}:role/${roleName}`;
        }
        if (options.group) {
            const groupName = options.group;
            const found = await reach(`read the group ${groupName}`, () => iam.group(groupName));
            const name = (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .userPolicyName */ .rk)(roleName);
            let policyExists = false;
            if (found) {
                leftAlone.push(`the IAM group ${groupName}`);
                const policy = await reach(`read the policy ${name} of the group ${groupName}`, () => iam.groupPolicy(groupName, name));
                const document = (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .assumeRolePolicy */ .x)(roleArn ?? newRoleArn ?? '');
                if (policy !== undefined && samePolicy(policy, document)) {
                    policyExists = true;
                    leftAlone.push(`the policy ${name} of the group ${groupName}`);
                }
                else if (policy !== undefined) {
                    problems.push(`The IAM group ${groupName} already has an inline policy named ${name}, with another ` +
                        'document than the one init writes; init never replaces it (PutGroupPolicy would, ' +
                        `silently). Read it (aws iam get-group-policy --group-name ${groupName} ` +
                        `--policy-name ${name}); if nothing needs it, delete it and run init again.`);
                }
            }
            const userIn = found?.users.includes(user) ?? false;
            if (userIn)
                leftAlone.push(`the membership of ${user} in the group ${groupName}`);
            group = { exists: found !== undefined, policyExists, userIn };
        }
        else if (existing) {
            const name = (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .userPolicyName */ .rk)(roleName);
            const found = await reach(`read the policy ${name} of ${user}`, () => iam.userPolicy(user, name));
            const document = (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .assumeRolePolicy */ .x)(roleArn ?? newRoleArn ?? '');
            if (found !== undefined && samePolicy(found, document)) {
                policyExists = true;
                leftAlone.push(`the policy ${name} of ${user}`);
            }
            else if (found !== undefined) {
                problems.push(`The IAM user ${user} already has an inline policy named ${name}, with another ` +
                    'document than the one init writes; init never replaces it (PutUserPolicy would, ' +
                    'silently). Read it (aws iam get-user-policy --user-name ' +
                    `${user} --policy-name ${name}); if nothing needs it, delete it (aws iam ` +
                    `delete-user-policy --user-name ${user} --policy-name ${name}) and run init again.`);
            }
        }
    }
    if (problems.length > 0)
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(problems);
    return {
        userExists: existing !== undefined,
        userArn,
        roleArn,
        newRoleArn,
        policyExists,
        keysBefore,
        secretsBefore: [],
        group,
        accountRoot: `arn:${partition}:iam::${caller.account}:root`,
        leftAlone
    };
}
/** IAM quotas (IAM User Guide, "IAM and AWS STS quotas"). */
const MFA_DEVICES_PER_USER = 8;
const ACCESS_KEYS_PER_USER = 2;
/**
 * Why an existing role does not fit, and the fix: replace the statements that admit the user,
 * never add beside them (IAM grants if any Allow matches: a statement without MFA beside one with
 * it lets the user in without a code).
 */
function trustRefusal(roleArn, roleName, userArn, trusted, problems, options) {
    const denied = problems.some(p => / denies /.test(p));
    return (`The role ${roleArn} exists, and its trust policy does not let ${userArn} assume it with ` +
        `MFA only: ${problems.join('; ')}. init leaves an existing role alone. ` +
        (denied
            ? 'A Deny wins over every Allow: remove that statement, or give another --role-name.'
            : 'Replace the statements that admit the user (by its ARN, its account, or *) with this ' +
                'one; do not add it beside them: IAM grants if any Allow statement matches, so one ' +
                'without MFA left beside it lets the user in without a code (IAM > Roles > ' +
                `${roleName} > Trust relationships, or aws iam update-assume-role-policy), then run ` +
                `init again:\n${trustStatement(trusted, options.mfaMaxAgeSeconds)}`));
}
/** The bound written, and which of the action's settings it lets through. */
function boundWords(maxAge) {
    return (`Its trust policy allows MFA sessions younger than ${maxAge} s (NumericLessThan ` +
        `aws:MultiFactorAuthAge ${maxAge}): the action's mfa-session-duration-seconds up to ` +
        `${maxAge} (a shared MFA session, refresh-credentials' renewals); a code sent with each ` +
        'AssumeRole (the default) is always accepted.');
}
function trustStatement(principalArn, maxAge) {
    const policy = JSON.parse((0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_9__/* .trustPolicy */ .RZ)(principalArn, maxAge));
    return JSON.stringify(policy.Statement[0], null, 2);
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
    const first = (0,_engine_totp_js__WEBPACK_IMPORTED_MODULE_3__/* .timeStep */ .oM)(clock.now(), totp.period);
    let wait = (0,_engine_totp_js__WEBPACK_IMPORTED_MODULE_3__/* .msUntilUsable */ .lZ)(clock.now(), totp.period, first);
    io.info(`Waiting ${Math.ceil(wait / 1000)} s for the next TOTP window: enabling the device takes ` +
        'two consecutive codes.');
    // Timers may fire a hair early: check again rather than trust one sleep.
    while (wait > 0) {
        await clock.sleep(Math.min(wait, 1000));
        check();
        wait = (0,_engine_totp_js__WEBPACK_IMPORTED_MODULE_3__/* .msUntilUsable */ .lZ)(clock.now(), totp.period, first);
    }
    const now = clock.now();
    const second = (0,_engine_totp_js__WEBPACK_IMPORTED_MODULE_3__/* .timeStep */ .oM)(now, totp.period);
    // Slept past the next window (a suspended laptop): the pair is the current window's and the one
    // before it, consecutive still.
    const code1 = await (0,_engine_totp_js__WEBPACK_IMPORTED_MODULE_3__/* .oneTimeCode */ .l9)(totp, (second - 1) * totp.period * 1000);
    const code2 = await (0,_engine_totp_js__WEBPACK_IMPORTED_MODULE_3__/* .oneTimeCode */ .l9)(totp, now);
    return [code1, code2];
}
function summary(values) {
    const { serial, roleArn, userArn, region, options, keySecrets } = values;
    const seed = options.githubSecret
        ? `\${{ secrets.${options.githubSecret} }}`
        : `\${{ secrets.AWS_MFA_SEED }} # from ${options.seedFile}`;
    const keyLines = keySecrets
        ? [
            `          aws-access-key-id: \${{ secrets.${_init_options_js__WEBPACK_IMPORTED_MODULE_4__/* .ACCESS_KEY_SECRETS */ .Bq.accessKeyId} }}`,
            `          aws-secret-access-key: \${{ secrets.${_init_options_js__WEBPACK_IMPORTED_MODULE_4__/* .ACCESS_KEY_SECRETS */ .Bq.secretAccessKey} }}`
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


/***/ }),

/***/ 6697:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NN: () => (/* binding */ deleteSecretCommand),
/* harmony export */   Pg: () => (/* binding */ writeSeedFile),
/* harmony export */   UI: () => (/* binding */ githubSecretNames),
/* harmony export */   WN: () => (/* binding */ seedFileProblems),
/* harmony export */   hu: () => (/* binding */ deleteGithubSecret),
/* harmony export */   ku: () => (/* binding */ githubProblems),
/* harmony export */   yg: () => (/* binding */ setGithubSecret)
/* harmony export */ });
/* unused harmony exports GH_TIMEOUT_MS, GH_OUTPUT_LIMIT, ghEnvironment, runGh */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);



/**
 * Where `init` puts the seed (and, when asked, the new access key): a file of the caller's own,
 * and GitHub secrets through the GitHub CLI. The seed is never an argument of a command (`ps`
 * and shell history would keep it): gh reads it on standard input.
 */
/** Problems with --seed-file that are known before anything is created; none when it is usable. */
function seedFileProblems(path) {
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.lstatSync)(path);
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
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path)).isDirectory())
            throw new Error('ENOTDIR');
    }
    catch {
        return [`--seed-file ${path}: its folder ${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path)} does not exist; create it first.`];
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
    const noFollow = node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NOFOLLOW ?? 0;
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(path, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_EXCL | noFollow, 0o600);
    try {
        // The mode given to open is reduced by the umask, never raised: set it outright.
        if (process.platform !== 'win32')
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.fchmodSync)(fd, 0o600);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeSync)(fd, `${seed}\n`);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
    }
}
/** gh is bounded: a hung login prompt or network must not hold `init` (and its rollback) forever. */
const GH_TIMEOUT_MS = 60_000;
/** The most of gh's standard output kept: a list of secrets' names is far smaller. */
const GH_OUTPUT_LIMIT = 1024 * 1024;
/**
 * gh's environment: the caller's, without any AWS_ variable. gh needs none, and `init` runs with
 * an administrator's keys in the environment: gh and its extensions must not inherit them.
 */
function ghEnvironment(env) {
    return Object.fromEntries(Object.entries(env).filter(([name]) => !/^AWS_/i.test(name)));
}
/**
 * Runs gh with `input` on standard input, without AWS_ variables (ghEnvironment); its standard
 * output is dropped unless `keepStdout`, its errors kept.
 */
function runGh(args, env, input = '', timeoutMs = GH_TIMEOUT_MS, keepStdout = false) {
    return new Promise(resolve => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('gh', args, {
            env: { ...ghEnvironment(env), GH_PROMPT_DISABLED: '1' },
            stdio: ['pipe', keepStdout ? 'pipe' : 'ignore', 'pipe'],
            timeout: timeoutMs
        });
        let stderr = '';
        let stdout = '';
        child.stderr?.on('data', chunk => (stderr += chunk));
        child.stdout?.on('data', chunk => {
            stdout += chunk;
            if (stdout.length > GH_OUTPUT_LIMIT)
                child.kill();
        });
        child.on('error', error => resolve({ code: null, stderr, stdout, error }));
        child.on('close', code => resolve({ code, stderr: stderr.trim(), stdout }));
        child.stdin?.on('error', () => { }); // gh may exit before reading: its exit code says why
        child.stdin?.end(input);
    });
}
const targetArgs = ({ repo, environment }) => [
    ...(repo ? ['--repo', repo] : []),
    ...(environment ? ['--env', environment] : [])
];
/**
 * Problems found before anything is created: gh missing, not signed in, or unable to list the
 * secrets of the target (no access to the repository, or no repository in this folder); and the
 * names of the target's secrets, as `gh secret list --json name` reports them, and, for an
 * environment, those of its repository.
 */
async function githubProblems(target, env) {
    const refuse = (problem) => ({ problems: [problem], names: [], repoNames: [] });
    const auth = await runGh(['auth', 'status'], env);
    if (auth.error?.code === 'ENOENT') {
        return refuse('--github-secret needs the GitHub CLI, gh, which is not on PATH: install it ' +
            '(https://cli.github.com), run gh auth login, or use --seed-file alone.');
    }
    if (auth.code !== 0) {
        return refuse(`gh is not signed in to GitHub (gh auth status failed): run gh auth login first.`);
    }
    const list = await listSecrets(target, env);
    const where = target.repo ? `repository ${target.repo}` : "this folder's repository";
    const place = `${where}${target.environment ? `, environment ${target.environment}` : ''}`;
    if (list.code !== 0) {
        return refuse(`gh cannot list the secrets of ${place} (${lastLine(list.stderr)}): check ` +
            '--github-repo, --github-environment and your access.');
    }
    const names = secretNames(list.stdout);
    if (names === undefined) {
        return refuse(`gh secret list --json name answered what is not a list of secrets (${place}).`);
    }
    if (!target.environment)
        return { problems: [], names, repoNames: [] };
    // An environment's secret takes the place of the repository's of the same name in that
    // environment's jobs (GitHub docs, "Using secrets in GitHub Actions"): those count too.
    const repoNames = await githubSecretNames({ repo: target.repo }, env);
    if (repoNames === undefined) {
        return refuse(`gh cannot list the secrets of ${where}, which the environment's would take the place of: ` +
            'check --github-repo and your access.');
    }
    return { problems: [], names, repoNames };
}
/** `[{"name": "A"}, ...]` → ["A", ...]; undefined for anything else. */
function secretNames(text) {
    try {
        const list = JSON.parse(text);
        if (!Array.isArray(list))
            return undefined;
        const names = list.map(entry => entry?.name);
        return names.every(name => typeof name === 'string') ? names : undefined;
    }
    catch {
        return undefined;
    }
}
/** The target's secrets' names now (for reconciling a `gh secret set` that failed). */
async function githubSecretNames(target, env) {
    const list = await listSecrets(target, env);
    return list.code === 0 ? secretNames(list.stdout) : undefined;
}
/** `gh secret list --json name` of the target, its output kept for secretNames. */
function listSecrets(target, env) {
    return runGh(['secret', 'list', '--json', 'name', ...targetArgs(target)], env, '', GH_TIMEOUT_MS, true);
}
/** `gh secret delete NAME`: the command, for a person, and the call. */
function deleteSecretCommand(name, target) {
    return ['gh', 'secret', 'delete', name, ...targetArgs(target)].join(' ');
}
async function deleteGithubSecret(name, target, env) {
    const result = await runGh(['secret', 'delete', name, ...targetArgs(target)], env);
    if (result.code !== 0) {
        throw new Error(`gh secret delete ${name} failed: ${lastLine(result.stderr) || 'no message'}`);
    }
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


/***/ }),

/***/ 1713:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H1: () => (/* binding */ StepRunner),
/* harmony export */   Id: () => (/* binding */ notUndoneLines),
/* harmony export */   P9: () => (/* binding */ readBeforeSteps),
/* harmony export */   q0: () => (/* binding */ describe)
/* harmony export */ });
/* unused harmony exports STOP_SIGNALS, Interrupted, isAmbiguous, undoLines */
/* harmony import */ var _engine_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7679);

/** The signals that stop a run: Ctrl-C, `kill`, and a closed terminal. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_NUMBERS = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGTERM: 15
};
/** Thrown at the next step boundary after a stop signal. */
class Interrupted extends _engine_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    signal;
    constructor(signal) {
        super(`Interrupted by ${signal}.`);
        this.signal = signal;
    }
}
/**
 * A failure whose outcome is unknown: no HTTP answer at all, or a 5xx (IAM may have acted before
 * it failed), or an answer the client could not read. A 4xx is IAM saying it did nothing; our own
 * refusals and a local file's errors say nothing about IAM.
 */
function isAmbiguous(error) {
    if (error instanceof _engine_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ || error instanceof _engine_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz)
        return false;
    if (typeof error?.syscall === 'string') {
        // A system call of this process (a file), unless the network's: no answer came.
        return /^(connect|read|write|getaddrinfo)$/.test(error.syscall);
    }
    const status = error?.$metadata?.httpStatusCode;
    return status === undefined || status >= 500;
}
class StepRunner {
    io;
    /** What this run made, oldest first. */
    journal = [];
    /** The step under way, for "failed at …". */
    current = '';
    signal;
    rollingBack = false;
    /** What the rollback has not removed yet, newest first, while it runs. */
    left = [];
    onSignal = (signal) => this.stopBy(signal);
    constructor(io) {
        this.io = io;
    }
    /**
     * Catches the stop signals from now until `stop()`. After SIGHUP the terminal may be gone, and
     * writing to it fail (EIO): such an error must not end the process in the middle of a rollback.
     */
    start() {
        for (const signal of STOP_SIGNALS)
            process.on(signal, this.onSignal);
        process.stderr.on('error', ignore);
        process.stdout.on('error', ignore);
    }
    stop() {
        for (const signal of STOP_SIGNALS)
            process.off(signal, this.onSignal);
        process.stderr.off('error', ignore);
        process.stdout.off('error', ignore);
    }
    /** Throws Interrupted if a stop signal came: at every step boundary and inside long waits. */
    check() {
        if (this.signal)
            throw new Interrupted(this.signal);
    }
    /** Runs one step: checks for a signal first and after, journals what it made. */
    async run(step) {
        this.check();
        this.current = step.name;
        let made;
        try {
            made = await step.create();
        }
        catch (error) {
            if (!step.reconcile || !isAmbiguous(error))
                throw error;
            this.io.info(`${step.name} failed (${describe(error)}): checking whether it took effect.`);
            const found = await step.reconcile(error);
            if (found === undefined)
                throw error;
            made = found;
            this.io.info(`${step.name} had taken effect: going on.`);
        }
        const undo = step.undo?.(made);
        if (undo)
            this.journal.push(undo);
        const said = step.describe?.(made);
        if (said)
            this.io.info(said);
        this.check();
        return made;
    }
    /**
     * Takes something out of the journal: it is in use now (a secret names the new key), so neither
     * a rollback nor a second signal's list may remove it.
     */
    forget(undo) {
        const at = this.journal.indexOf(undo);
        if (at >= 0)
            this.journal.splice(at, 1);
    }
    /** Records something made outside `run` (rotate: the old key id, put back if the step fails). */
    record(undo) {
        this.journal.push(undo);
    }
    /**
     * Removes what this run made, newest first; returns what it could not remove, in the order a
     * person must remove it. A signal during the rollback (a second one, or a first one after a
     * failure) ends the process at once, listing what is left with its commands; so does a second
     * signal before the rollback begins (a slow step: gh, or a hung request).
     */
    async rollBack() {
        this.rollingBack = true;
        this.left = [...this.journal].reverse();
        const failed = [];
        while (this.left.length > 0) {
            const undo = this.left[0];
            try {
                await undo.run();
                this.io.info(`Rolled back: removed ${undo.what}.`);
            }
            catch (error) {
                this.io.info(`Could not remove ${undo.what}: ${describe(error)}`);
                failed.push(undo);
            }
            this.left.shift();
        }
        this.rollingBack = false;
        return failed;
    }
    stopBy(signal) {
        if (!this.rollingBack && !this.signal) {
            this.signal = signal;
            this.io.info(`${signal}: stopping, and undoing what this run created (the same again to stop at once).`);
            return;
        }
        // A second signal: stop at once, saying what is left (all of it, before the rollback began).
        const left = this.rollingBack ? this.left : [...this.journal].reverse();
        const lines = [`${signal}: stopped at once. Left, to remove by hand in this order:`];
        for (const undo of left)
            lines.push(...undoLines(undo));
        if (left.length === 0)
            lines.push('  nothing.');
        this.io.info(lines.join('\n'));
        this.io.exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
    }
}
const ignore = () => { };
/**
 * A read made before any step (IAM's, STS's): when it fails, nothing was changed, and the error
 * says so and what the command needs, in `afterwards`.
 */
async function readBeforeSteps(what, call, afterwards) {
    try {
        return await call();
    }
    catch (error) {
        throw new _engine_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Cannot ${what} (${describe(error)}). ${afterwards}`, { cause: error });
    }
}
/**
 * A failure's last lines: what the rollback could not undo, with the commands a person runs in
 * their order, under `heading`; none when it undid everything.
 */
function notUndoneLines(notUndone, heading = 'Could not undo; remove by hand, in this order:') {
    return notUndone.length === 0 ? [] : [heading, ...notUndone.flatMap(undoLines)];
}
/** "  the IAM user x: aws iam delete-user --user-name x" (one line per command). */
function undoLines(undo) {
    return undo.commands.map(command => `  ${undo.what}: ${command}`);
}
function describe(error) {
    if (error instanceof _engine_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ)
        return error.message;
    const e = error;
    const name = e?.name && e.name !== 'Error' ? `${e.name}: ` : '';
    return `${name}${e?.message ?? String(error)}`;
}


/***/ }),

/***/ 4927:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lc: () => (/* binding */ MAX_MFA_MAX_AGE_SECONDS),
/* harmony export */   RZ: () => (/* binding */ trustPolicy),
/* harmony export */   g_: () => (/* binding */ judgeTrust),
/* harmony export */   iU: () => (/* binding */ DEFAULT_MFA_MAX_AGE_SECONDS),
/* harmony export */   rk: () => (/* binding */ userPolicyName),
/* harmony export */   x: () => (/* binding */ assumeRolePolicy)
/* harmony export */ });
/**
 * The policies `init` writes: the role's trust policy (the user, with MFA, recently) and the
 * user's inline policy (sts:AssumeRole on that role only); and whether an existing role's trust
 * policy already lets the user in with MFA (IAM JSON policy reference; IAM User Guide,
 * "Configuring MFA-protected API access").
 */
/**
 * Seconds since the MFA check that a new role's trust policy allows, by default: the action's
 * default mfa-session-duration-seconds (action.yml), so that a role made with the defaults accepts
 * a shared MFA session and every refresh renewal for the session's whole life. NumericLessThan:
 * a session is never older than its duration while it lasts.
 */
const DEFAULT_MFA_MAX_AGE_SECONDS = 3600;
/**
 * The largest bound that means anything: the longest MFA session STS issues (GetSessionToken's
 * DurationSeconds, at most 129600 s: AWS-MFA-FACTS). Above it the condition refuses nothing.
 */
const MAX_MFA_MAX_AGE_SECONDS = 129_600;
/**
 * A new role's trust policy: the principal (the user's ARN, or for a group the account's root
 * ARN, which lets in any principal of the account whose own policies allow sts:AssumeRole on the
 * role: IAM User Guide, "IAM JSON policy elements: Principal"), with MFA, recently.
 */
function trustPolicy(principalArn, mfaMaxAgeSeconds) {
    return JSON.stringify({
        Version: '2012-10-17',
        Statement: [
            {
                Effect: 'Allow',
                Principal: { AWS: principalArn },
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
/** The user's (or group's) inline policy's name: one per role, so a second role adds its own. */
function userPolicyName(roleName) {
    return `aws-assume-role-mfa-${roleName}`.slice(0, 128);
}
const list = (value) => value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
const and = (values) => values.includes('no') ? 'no' : values.includes('unknown') ? 'unknown' : 'yes';
const or = (values) => values.includes('yes') ? 'yes' : values.includes('unknown') ? 'unknown' : 'no';
/**
 * Whether the trust policy lets this IAM user assume the role with MFA, and only with MFA, judged
 * as IAM evaluates a policy (IAM User Guide, "Policy evaluation logic" and "IAM JSON policy
 * elements: Condition operators"): an explicit Deny that matches wins; otherwise any Allow
 * statement whose Principal, Action and Condition all match grants. So the role fits only if no
 * Deny matches the user with MFA, every Allow that can match the user (by Principal: the user's
 * ARN, its account's root or id, or `*`; by Action or NotAction: sts:AssumeRole) is refused
 * without MFA, and at least one lets the user in with MFA. Condition key names are
 * case-insensitive; values are compared as each operator does. Keys that depend on the request
 * (source IP, VPC, tags, dates, ...) cannot be judged here: they are named in a warning.
 */
function judgeTrust(document, userArn) {
    let statements;
    try {
        const policy = JSON.parse(document);
        statements = [].concat(policy.Statement ?? []);
    }
    catch {
        return { problems: ['its trust policy is not JSON'], warnings: [] };
    }
    const [, partition, , , account] = userArn.split(':');
    const base = {
        'aws:principalarn': userArn,
        'aws:principalaccount': account,
        'aws:principaltype': 'User',
        'aws:username': userArn.slice(userArn.lastIndexOf('/') + 1)
    };
    // A code sent with AssumeRole: MFA present, age about 0 (IAM condition keys reference).
    const withMfa = {
        ...base,
        'aws:multifactorauthpresent': 'true',
        'aws:multifactorauthage': '0'
    };
    // Without a code: long-term keys carry no MFA key at all; temporary ones made without MFA
    // carry `false` (IAM User Guide, "Configuring MFA-protected API access").
    const withoutMfa = [base, { ...base, 'aws:multifactorauthpresent': 'false' }];
    const me = [userArn, `arn:${partition}:iam::${account}:root`, account, '*'];
    const problems = [];
    const warnings = [];
    let admitted = false;
    statements.forEach((statement, index) => {
        const label = typeof statement.Sid === 'string' && statement.Sid ? statement.Sid : `#${index + 1}`;
        if (!principalMatches(statement, me) || !actionMatches(statement))
            return;
        const unjudged = new Set();
        const judge = (context) => conditionMet(statement.Condition, context, unjudged);
        const mayCheck = () => unjudged.size > 0
            ? ` Its conditions on ${[...unjudged].join(', ')} cannot be judged from here: check that the runner meets them.`
            : '';
        if (statement.Effect === 'Deny') {
            const met = judge(withMfa);
            if (met === 'yes')
                problems.push(`statement ${label} denies ${userArn} sts:AssumeRole`);
            if (met === 'unknown') {
                warnings.push(`statement ${label} denies ${userArn} sts:AssumeRole under conditions.${mayCheck()}`);
            }
            return;
        }
        if (statement.Effect !== 'Allow')
            return;
        const open = or(withoutMfa.map(judge));
        if (open !== 'no') {
            problems.push(`statement ${label} lets ${userArn} in without MFA` +
                (open === 'unknown'
                    ? ` (whenever its conditions on ${[...unjudged].join(', ')} hold)`
                    : ''));
            return;
        }
        const met = judge(withMfa);
        if (met === 'no')
            return;
        admitted = true;
        if (met === 'unknown')
            warnings.push(`statement ${label} admits ${userArn} with MFA.${mayCheck()}`);
    });
    if (!admitted && problems.length === 0) {
        problems.push(`no statement lets ${userArn} assume it with MFA`);
    }
    return { problems, warnings };
}
/** Principal: the user's ARN, its account (root ARN or id) or `*`; NotPrincipal: none of them. */
function principalMatches(statement, me) {
    const aws = (value) => value === '*' ? ['*'] : list(value?.AWS);
    if (statement.NotPrincipal !== undefined) {
        return !aws(statement.NotPrincipal).some(p => me.includes(p));
    }
    return aws(statement.Principal).some(p => me.includes(p));
}
/** Action (or NotAction) patterns, `*` and `?` wildcards, case-insensitive, against sts:AssumeRole. */
function actionMatches(statement) {
    const matches = (patterns) => patterns.some(pattern => new RegExp(`^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`, 'i').test('sts:AssumeRole'));
    if (statement.NotAction !== undefined)
        return !matches(list(statement.NotAction));
    return matches(list(statement.Action));
}
/** The condition keys judged here; any other makes the statement's outcome unknown. */
const KNOWN_KEYS = [
    'aws:multifactorauthpresent',
    'aws:multifactorauthage',
    'aws:principalarn',
    'aws:principalaccount',
    'aws:principaltype',
    'aws:username'
];
/** A statement's Condition block: every operator, every key in it must be met. */
function conditionMet(condition, context, unjudged) {
    if (condition === undefined)
        return 'yes';
    if (typeof condition !== 'object' || condition === null)
        return 'unknown';
    const results = [];
    for (const [operator, keys] of Object.entries(condition)) {
        if (typeof keys !== 'object' || keys === null) {
            results.push('unknown');
            continue;
        }
        for (const [key, values] of Object.entries(keys)) {
            const judged = KNOWN_KEYS.includes(key.toLowerCase())
                ? operatorMet(operator, context[key.toLowerCase()], list(values))
                : 'unknown';
            if (judged === 'unknown')
                unjudged.add(key);
            results.push(judged);
        }
    }
    return and(results);
}
/**
 * One operator on one key (IAM JSON policy elements: Condition operators). A key absent from the
 * request does not match, except with `...IfExists`, with the negated operators, and with Null.
 * Multiple values are alternatives (any one matches; for a negated operator, none).
 */
function operatorMet(operator, value, values) {
    if (operator.includes(':'))
        return 'unknown'; // ForAnyValue:/ForAllValues: on single values
    const ifExists = /IfExists$/i.test(operator);
    const name = operator.replace(/IfExists$/i, '').toLowerCase();
    if (name === 'null') {
        return values.some(v => (v.toLowerCase() === 'true') === (value === undefined)) ? 'yes' : 'no';
    }
    const negated = /not/.test(name);
    if (value === undefined)
        return ifExists || negated ? 'yes' : 'no';
    const like = (pattern) => new RegExp(`^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`).test(value);
    const number = (v) => (v.trim() === '' ? NaN : Number(v));
    const tests = {
        bool: v => v.toLowerCase() === value.toLowerCase(),
        stringequals: v => v === value,
        stringnotequals: v => v === value,
        stringequalsignorecase: v => v.toLowerCase() === value.toLowerCase(),
        stringnotequalsignorecase: v => v.toLowerCase() === value.toLowerCase(),
        stringlike: like,
        stringnotlike: like,
        arnequals: like,
        arnnotequals: like,
        arnlike: like,
        arnnotlike: like,
        numericequals: v => number(value) === number(v),
        numericnotequals: v => number(value) === number(v),
        numericlessthan: v => number(value) < number(v),
        numericlessthanequals: v => number(value) <= number(v),
        numericgreaterthan: v => number(value) > number(v),
        numericgreaterthanequals: v => number(value) >= number(v)
    };
    const test = tests[name];
    if (test === undefined)
        return 'unknown';
    const any = values.some(test);
    return (negated ? !any : any) ? 'yes' : 'no';
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
;