prefix         = "branch-osaka"
admin_password = "not-a-real-password-1!"
