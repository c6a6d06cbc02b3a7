# Le cycle du retour et ses garanties (ticket 5). Les messages désignent les membres du ménage par
# leur rang (« membre 2 »), jamais par leur nom.

problem-safeguards-blocked = Ce dossier ne peut pas avancer : une garantie le bloque
error-language-unknown = Ce code de langue n'est pas connu de Homeward (ISO 639)
error-consent-role-age = Ce rôle ne correspond pas à l'âge de la personne : un adulte consent pour lui-même ; un enfant donne son assentiment et un tuteur consent pour lui
error-not-a-child = Cette personne n'est pas un enfant
error-removal-decision-forced-only = Une décision d'éloignement ne concerne qu'un retour forcé
error-options-compared = Comparez le retour avec au moins une autre solution durable
error-panel-too-small = Une détermination est prise par un comité d'au moins trois personnes
error-date-before = Cette date précède la décision
error-unknown-screening = Aucun dépistage rapide ouvert ne porte cet identifiant dans ce dossier
error-case-closed = Le dossier est clos
error-transition-use-closure = Clôturez plutôt le dossier en indiquant un motif
error-transition-same-state = Le dossier est déjà dans cet état
error-transition-not-allowed = Le dossier ne peut pas passer de son état actuel à celui-ci

safeguard-age-known = L'âge du membre { $member } n'est pas connu.
safeguard-age-known-clears = Enregistrez la date de naissance du membre { $member }, afin que les garanties pour les enfants s'appliquent là où elles le doivent.
safeguard-counselled = Le ménage n'a pas reçu de conseil.
safeguard-counselled-clears = Enregistrez une séance de conseil qui présente les conditions de la destination.
safeguard-counselling-interpreter = Le membre { $member } ne parle pas la langue du dernier conseil ({ $language }) et aucun interprète n'était présent.
safeguard-counselling-interpreter-clears = Reprenez le conseil dans une langue que parle le membre { $member }, ou avec un interprète.
safeguard-consent-return = { $why ->
    [withdrawn] Un consentement concernant le membre { $member } a été retiré depuis le dernier conseil : le retour s'est arrêté.
    [before-counselling] Le consentement au retour du membre { $member } a été donné avant le dernier conseil.
   *[missing] Le membre { $member } n'a pas consenti au retour.
}
safeguard-consent-return-clears = { $why ->
    [withdrawn] Conseillez à nouveau le ménage ; puis enregistrez le consentement du membre { $member }, s'il le donne de nouveau.
   *[other] Enregistrez le consentement au retour du membre { $member }, donné après le dernier conseil.
}
safeguard-consent-language = Le membre { $member } a consenti dans une langue qu'il ne parle pas ({ $language }), sans interprète.
safeguard-consent-language-clears = Recueillez à nouveau le consentement du membre { $member } dans une langue qu'il parle, ou avec un interprète.
safeguard-child-consent = { $why ->
    [assent] Le membre { $member } (un enfant) n'a pas donné son propre assentiment après le dernier conseil.
   *[guardian] Aucun parent ni tuteur n'a consenti pour le membre { $member } (un enfant) après le dernier conseil.
}
safeguard-child-consent-clears = { $why ->
    [assent] Enregistrez l'assentiment du membre { $member }, dans des mots que l'enfant comprend.
   *[guardian] Enregistrez le consentement d'un tuteur pour le membre { $member }.
}
safeguard-recounselling = Le statut de la destination a changé depuis le dernier conseil (alors : { $then } ; maintenant : { $now }).
safeguard-recounselling-clears = Conseillez à nouveau le ménage sur les conditions actuelles de la destination, puis recueillez de nouveau son consentement.
safeguard-cooling-off = Le délai de réflexion de { $days } jours après le consentement n'est pas écoulé (il prend fin le { $until }).
safeguard-cooling-off-clears = Attendez le { $until }, ou demandez à un superviseur d'y renoncer en indiquant un motif.
safeguard-destination-unsafe = La zone de destination est dangereuse.
safeguard-destination-unsafe-clears = Aucun retour vers cette zone tant qu'elle est dangereuse. Choisissez une autre destination ou attendez que son statut change.
safeguard-destination-conditional = { $why ->
    [not-mitigable] La destination est sous conditions et la dernière évaluation des risques a trouvé un risque qui ne peut pas être atténué.
   *[missing] La destination est sous conditions et aucune évaluation individuelle des risques n'a été enregistrée.
}
safeguard-destination-conditional-clears = Enregistrez une évaluation individuelle des risques qui conclut que le risque peut être atténué, avec les mesures prévues.
safeguard-destination-unassessed = Le statut de la destination est « { $status } » : aucune donnée indépendante récente ne montre que le retour est sûr.
safeguard-destination-unassessed-clears = Attendez des évaluations récentes de la zone par deux organisations.
safeguard-coercion-open = { $count } indicateur(s) de contrainte sont ouverts.
safeguard-coercion-open-clears = Un superviseur examine chaque indicateur ouvert, avec une note.
safeguard-suspensive-hold = { $count } suspension(s) à effet suspensif sont en attente (recours, décision de justice ou plainte).
safeguard-suspensive-hold-clears = Attendez la décision ; la suspension est levée avec une note lorsqu'elle est rendue.
safeguard-best-interests = { $why ->
    [needs-determination] Le membre { $member } est un enfant non accompagné ou séparé : une détermination formelle de l'intérêt supérieur par un comité est nécessaire.
    [not-in-favour] La procédure d'intérêt supérieur du membre { $member } n'a pas conclu que le retour est dans l'intérêt de l'enfant.
   *[missing] Le membre { $member } (un enfant) n'a pas d'évaluation de l'intérêt supérieur.
}
safeguard-best-interests-clears = Enregistrez pour le membre { $member } une { $why ->
    [needs-determination] détermination
   *[other] évaluation
} de l'intérêt supérieur qui conclut que le retour est dans l'intérêt de l'enfant.
safeguard-child-detention = Le membre { $member }, un enfant, a été signalé en rétention administrative.
safeguard-child-detention-clears = Cette alerte reste au dossier. La rétention d'un enfant est toujours contraire à son intérêt supérieur : signalez-la au point focal protection de l'enfance.
safeguard-screening-due = { $count } dépistage(s) de vulnérabilité de suivi sont à faire.
safeguard-screening-due-clears = Enregistrez le dépistage complet qui fait suite à chaque dépistage rapide positif.

nav-work = Mon travail
work-title = Mon travail
work-intro = Vos tâches ouvertes sur les dossiers dont vous avez la charge, les plus urgentes d'abord.
work-none = Rien ne vous attend.
work-caption = Tâches ouvertes
work-due = Échéance
work-task = Tâche
work-overdue = En retard
work-task-screening_due = Dépistage de vulnérabilité de suivi à faire
work-task-indicator_to_review = Indicateur de contrainte à examiner
work-task-hold_to_review = Suspension à examiner
work-task-approval_waiting = Retour en attente d'approbation
work-task-cooling_off_ending = Fin du délai de réflexion
