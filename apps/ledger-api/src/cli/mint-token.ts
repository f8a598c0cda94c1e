/**
 * Mints a bearer token for the embedded default, signed with the key the ledger generated
 * under its data folder:  npm run token -- --agency gdi --role officer [--user alice] [--expires 8h]
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@ledger/config';
import { ensureDevSigningKey, isRole, mintToken, Role } from '@ledger/auth';
import { AGENCY_ID_PATTERN, findAgency } from '@ledger/domain';

const usage = `usage: npm run token -- --agency <agency id> --role <${Object.values(Role).join('|')}> [--user <id>] [--expires 8h]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      agency: { type: 'string' },
      role: { type: 'string' },
      user: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const { agency, role } = values;
  if (!agency || !AGENCY_ID_PATTERN.test(agency))
    throw new Error(`missing or malformed --agency ${agency ?? ''}\n${usage}`);
  // An agency an admin registered is not in the catalogue; the ledger checks it when the token is used.
  if (!findAgency(agency))
    console.error(`note: ${agency} is not in the shipped catalogue; it must be registered`);
  if (!isRole(role)) throw new Error(`unknown or missing --role ${role ?? ''}\n${usage}`);
  const config = loadConfig();
  const key = await ensureDevSigningKey(config.dataDir);
  const token = await mintToken({
    privateKeyPem: key.privateKeyPem,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    userId: values.user ?? `${role}@${agency}`,
    agencyId: agency,
    role,
    expiresIn: values.expires,
  });
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
  process.exit(1);
});
