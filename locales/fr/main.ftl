# Homeward — français.

## Problèmes
problem-unauthenticated = Veuillez vous connecter.
problem-bad-credentials = L’adresse électronique ou le mot de passe est incorrect.
problem-throttled = Trop d’échecs de connexion pour ce compte. Patientez quelques minutes et réessayez.
problem-forbidden = Vous n’êtes pas autorisé·e à faire cela.
problem-not-found = Cette page ou cet enregistrement n’existe pas, ou vous ne pouvez pas le voir.
problem-invalid = Certains champs sont à corriger.
problem-conflict = Cela entre en conflit avec des données existantes.
problem-too-large = La requête est trop volumineuse.
problem-unsupported-type = La requête n’a pas le bon type de contenu.
problem-timeout = La requête a pris trop de temps.
problem-internal = Une erreur s’est produite de notre côté. Rien n’a été enregistré.
problem-csrf = Ce formulaire a expiré. Rechargez la page et réessayez.

## Erreurs de champ
error-required = Ce champ est obligatoire.
error-text-control-characters = Contient des caractères de contrôle ou d’inversion de sens.
error-text-too-long = Trop long.
error-identifier-characters = Contient des espaces, des caractères invisibles ou de contrôle.
error-email = Adresse électronique non valide.
error-email-taken = Cette adresse électronique est déjà utilisée.
error-language-code = Utilisez un code de langue de deux ou trois lettres, par exemple « ar ».
error-country-code = Utilisez un code pays de deux lettres, par exemple « XA ».
error-date = Date non valide (AAAA-MM-JJ).
error-date-in-future = La date est dans le futur.
error-age-out-of-range = L’âge dépasserait 130 ans.
error-household-empty = Un ménage doit compter au moins un membre.
error-household-too-large = Trop de membres pour un seul ménage.
error-household-one-head = Un ménage doit avoir exactement un chef.
error-child-as-parent = Un enfant ne peut pas être le parent du chef de ménage.
error-reference = Une référence ne contient que des lettres, des chiffres et des tirets.
error-pcode = P-code non valide.
error-pcode-prefix = Le P-code doit commencer par celui de la zone parente.
error-pcode-unknown = Aucune zone n’a ce P-code.
error-pcode-duplicate = Ce P-code existe déjà.
error-area-parent-level = La zone parente n’est pas au niveau immédiatement supérieur.
error-area-parent-unknown = Cette zone doit avoir une zone parente.
error-unknown-value = Ce n’est pas une valeur autorisée.
error-unknown-user = Aucun utilisateur de votre organisation n’a cet identifiant.
error-unknown-organisation = Aucune organisation n’a cet identifiant.
error-cursor = Curseur de page non valide.
error-limit = La taille de page doit être comprise entre 1 et 200.
error-csv = Cette ligne n’est pas du CSV valide.
error-csv-header = L’en-tête doit être : pcode,name,level,parent.
error-too-many-rows = Trop de lignes pour un seul import.
error-id = Identifiant non valide.
error-password-too-short = Le mot de passe doit contenir au moins 12 caractères.
error-json-syntax = Le corps n’est pas du JSON valide.
error-json-type = Type de valeur incorrect.
error-unknown-field = Champ inconnu.
error-missing-field = Ce champ est obligatoire.
error-duplicate-field = Ce champ apparaît deux fois.
