# Homeward — français : comptes (limitation des connexions, liens d’inscription).

sign-in-wait = { $seconds ->
    [one] Vous pourrez réessayer dans une seconde.
   *[other] Vous pourrez réessayer dans { $seconds } secondes.
}
enrol-title = Choisissez votre mot de passe
enrol-intro = Votre administrateur a créé ce compte pour vous. Choisissez son mot de passe maintenant : ce lien ne sert qu’une fois, et seulement quelques jours.
enrol-code-hint = Votre compte a déjà un second facteur : saisissez le code que votre application d’authentification affiche maintenant, ou un code de secours.
enrol-submit = Enregistrer le mot de passe et se connecter
enrol-invalid = Ce lien ne fonctionne pas : il a déjà servi, il a expiré, ou un lien plus récent l’a remplacé. Demandez-en un nouveau à votre administrateur.
field-new-password = Nouveau mot de passe
field-repeat-password = Le nouveau mot de passe, à nouveau
hint-choose-password = Au moins 12 caractères, pas un mot de passe courant. Une longue phrase dont vous vous souvenez est un bon choix ; un gestionnaire de mots de passe peut la saisir.
error-password-mismatch = Les deux mots de passe ne sont pas identiques.
hint-new-user = Aucun mot de passe n’est choisi ici : après la création, vous recevez un lien à usage unique avec lequel la personne choisit le sien.
users-new-link = Nouveau lien d’inscription
users-link-title = Lien d’inscription
users-link-intro = Transmettez ce lien à la personne de façon sûre — en main propre, ou par un canal qu’elle seule lit. Il ne sert qu’une fois ; avec lui, elle choisit son mot de passe puis configure son second facteur. Il n’est affiché que maintenant, et fonctionne jusqu’au
event-user-enrolment_link_issued = Lien d’inscription émis
