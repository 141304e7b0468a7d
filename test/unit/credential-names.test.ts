import { describe, expect, it } from 'vitest';
import { isCredentialName } from '../../src/model/credential-names.js';

describe('isCredentialName', () => {
  it.each([
    'adminPassword',
    'admin_password',
    'db-passwd',
    'client_secret',
    'ClientSecret',
    'sasToken',
    'storageAccountKey',
    'primary_key',
    'sqlConnectionString',
    'API_KEY',
    'InstrumentationKey',
    'primary_authorization_key',
    'sas',
    'primary_readonly_key',
  ])('%s is a credential', (name) => expect(isCredentialName(name)).toBe(true));
  it.each([
    'sshKey',
    'ssh_public_key',
    'public_key',
    'key',
    'keyUri',
    'keyVaultName',
    'secretName',
    'key_vault_secret_id',
    'passwordLength',
    'tokenLifetime',
    'vmName',
    'prefix',
    '',
    '_',
  ])('%s is not', (name) => expect(isCredentialName(name)).toBe(false));
});
