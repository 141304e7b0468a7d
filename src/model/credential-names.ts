/**
 * Whether a parameter, variable, attribute or property is named as a credential (`adminPassword`,
 * `client_secret`, `storageAccountKey`, `primary_connection_string`, Application Insights'
 * `InstrumentationKey`): whatever value it holds, it is one. Words are read from camelCase,
 * snake_case and kebab-case; a key named by its use alone (`sshKey`, `public_key`, `keyVaultName`)
 * is not one.
 */
export function isCredentialName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (CREDENTIAL_WORDS.has(last)) return true;
  const lastTwo = words.slice(-2).join(' ');
  return CREDENTIAL_PAIRS.has(lastTwo);
}

const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'sas']);

const CREDENTIAL_PAIRS = new Set([
  'access key',
  'account key',
  'shared key',
  'storage key',
  'primary key',
  'secondary key',
  'api key',
  'master key',
  'admin key',
  'readonly key',
  'authorization key',
  'instrumentation key',
  'connection string',
  'connection strings',
  'sas url',
]);
