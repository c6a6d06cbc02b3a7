# Homeward — English: accounts (sign-in throttle, enrolment links). Every id here must exist in
# every other language (checked by tests).

sign-in-wait = { $seconds ->
    [one] You can try again in one second.
   *[other] You can try again in { $seconds } seconds.
}
enrol-title = Choose your password
enrol-intro = Your administrator made this account for you. Choose its password now: this link works once, and only for a few days.
enrol-code-hint = Your account already has a second factor: type the code your authenticator app shows now, or a recovery code.
enrol-submit = Set the password and sign in
enrol-invalid = This link does not work: it was used already, it has expired, or a newer link replaced it. Ask your administrator for a new one.
field-new-password = New password
field-repeat-password = The new password again
hint-choose-password = At least 12 characters, not a common password. A long sentence you remember is a good choice; a password manager may fill it in.
error-password-mismatch = The two passwords are not the same.
hint-new-user = No password is chosen here: after you create the user, you get a one-time link for them to choose their own.
users-new-link = New enrolment link
users-link-title = Enrolment link
users-link-intro = Give this link to the person in a safe way — in person, or by a channel only they read. It works once; with it they choose their password and then set up their second factor. It is shown only now, and works until
event-user-enrolment_link_issued = Enrolment link issued
