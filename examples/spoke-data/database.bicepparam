using 'database.bicep'

param adminUsername = 'dbadmin'
param authenticationType = 'password'
// Read from Key Vault when the deployment runs.
param adminPasswordOrKey = az.getSecret('00000000-0000-0000-0000-000000000000', 'contoso-shared', 'contoso-deploy-kv', 'db-admin-password')
param securityType = 'Standard'
