prefix         = "branch-osaka"
admin_password = "not-a-real-password-1!"
admin_public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIContosoBranchApplianceKey fgtadmin@contoso"
