# Le cycle du retour et ses garanties (ticket 5). Les messages désignent les membres du ménage par
# leur rang (« membre 2 »), jamais par leur nom.

problem-safeguards-blocked = Ce dossier ne peut pas avancer : une garantie le bloque
error-language-unknown = Aucune langue ne porte ce code dans l’ISO 639 : utilisez un code comme « ar », « fa » ou « prs ».
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
safeguard-cooling-off = Le délai de réflexion de { $days ->
    [one] { $days } jour
   *[other] { $days } jours
} après le consentement n'est pas écoulé (il prend fin le { $until }).
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
safeguard-coercion-open = { $count ->
    [one] { $count } indicateur de contrainte est ouvert.
   *[other] { $count } indicateurs de contrainte sont ouverts.
}
safeguard-coercion-open-clears = Un superviseur examine chaque indicateur ouvert, avec une note.
safeguard-suspensive-hold = { $count ->
    [one] { $count } suspension à effet suspensif est en attente (recours, décision de justice ou plainte).
   *[other] { $count } suspensions à effet suspensif sont en attente (recours, décision de justice ou plainte).
}
safeguard-suspensive-hold-clears = Attendez la décision ; la suspension est levée avec une note lorsqu'elle est rendue.
safeguard-best-interests = { $why ->
    [needs-determination] Le membre { $member } est un enfant non accompagné ou séparé : une détermination formelle de l'intérêt supérieur par un comité est nécessaire.
    [not-in-favour] La procédure d'intérêt supérieur du membre { $member } n'a pas conclu que le retour est dans l'intérêt de l'enfant.
   *[missing] Le membre { $member } (un enfant) n'a pas d'évaluation de l'intérêt supérieur.
}
safeguard-best-interests-clears = { $why ->
    [needs-determination] Un comité pluridisciplinaire détermine l'intérêt supérieur du membre { $member } : enregistrez cette détermination.
    [not-in-favour] Le retour du membre { $member } ne peut avoir lieu que si un réexamen de la procédure conclut qu'il est dans l'intérêt de l'enfant : enregistrez son résultat.
   *[other] Enregistrez pour le membre { $member } une procédure d'intérêt supérieur (une détermination par un comité pour un enfant non accompagné ou séparé) qui conclut que le retour est dans l'intérêt de l'enfant.
}
safeguard-child-detention = Le membre { $member }, un enfant, a été signalé en rétention administrative.
safeguard-child-detention-clears = Cette alerte reste au dossier. La rétention d'un enfant est toujours contraire à son intérêt supérieur : signalez-la au point focal protection de l'enfance.
safeguard-screening-due = { $count ->
    [one] { $count } dépistage de vulnérabilité de suivi est à faire.
   *[other] { $count } dépistages de vulnérabilité de suivi sont à faire.
}
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
## La page du dossier : la route du retour, « pourquoi ce dossier ne peut-il pas avancer ? », les
## formulaires qui font avancer le dossier et les enregistrements que lisent les garanties.

lc-title = Route du retour et garanties
lc-road-label = Étapes du retour
lc-step-done = (fait)
lc-current = Maintenant :
lc-next = Suivant :
lc-why-blocked = Pourquoi ce dossier ne peut-il pas passer à « { $state } » ?
lc-can-proceed = Ce dossier peut passer à « { $state } ».
lc-forced-proceed = Un retour forcé est suivi, jamais arrêté : il peut passer à « { $state } » ; chaque constat est conservé comme alerte.
lc-refused = Le passage a été refusé : rien n'a été modifié.
lc-clears = Ce qui le lève :
lc-member = Membre { $member }
lc-rules-version = Jeu de règles :
lc-proceed = Passer à « { $state } »
lc-resume = Reprendre : retour à « { $state } »
lc-approve = Approuver le retour
lc-supervisor-approves = Un superviseur approuve le retour ; ce ne peut pas être la personne qui a préparé le dossier.
lc-four-eyes = Double regard : vous avez préparé ou suivez ce dossier, un autre superviseur doit donc l'approuver.
lc-approve-refused = Seul un superviseur peut approuver un retour.
lc-withdrawn = Le retour a été abandonné. Si la personne change d'avis, conseillez-la à nouveau.
lc-end-of-road = Il n'y a plus d'étape sur la route.
lc-move-title = Suspendre, abandonner ou conseiller à nouveau
lc-field-move = Action
lc-field-reason = Motif
lc-move-suspend = Suspendre le dossier
lc-move-withdraw = Abandonner le retour
lc-move-recounsel = Conseiller à nouveau (le consentement doit être redonné)
lc-move-submit = Confirmer
lc-transitions = Étapes franchies
lc-transitions-none = Le dossier n'a pas encore avancé.
lc-col-move = Étape
lc-col-reason = Motif
lc-col-rules = Jeu de règles
lc-to = vers
lc-conflict-already-withdrawn = Ce consentement a déjà été retiré.
lc-conflict-already-resolved = Cet enregistrement a déjà été traité.
lc-conflict-person-erased = Les données de cette personne ont été effacées.
lc-conflict-record-not-resolvable = Seuls les indicateurs de contrainte et les suspensions se traitent.

finding-severity-block = Bloque
finding-severity-warn = Avertissement
finding-severity-alert = Alerte (suivi)

transition-reason-returnee_request = À la demande de la personne
transition-reason-consent_withdrawn = Consentement retiré
transition-reason-safety_concern = Inquiétude pour la sécurité
transition-reason-destination_status_changed = Le statut de la destination a changé
transition-reason-medical_reasons = Raisons médicales
transition-reason-pending_decision = Une décision est attendue
transition-reason-documents_missing = Documents manquants
transition-reason-other = Autre

lc-records = Enregistrements des garanties
lc-records-none = Rien n'est encore enregistré.
lc-col-record = Enregistrement
lc-col-member = Membre
lc-col-on = Date
lc-col-details = Détails
lc-col-state = État
lc-household = Tout le ménage
lc-open = Ouvert
lc-resolved = Traité
lc-resolution = Décision :
lc-none = Aucun
lc-destination-then = destination lors de la séance :
lc-add-record = Enregistrer
lc-save = Enregistrer
lc-lift-hold = Lever la suspension
lc-review-coercion = Examiner l'indicateur de contrainte
lc-consents = Consentement au retour, par membre
lc-consents-active = { $count ->
    [one] { $count } consentement en vigueur
   *[other] { $count } consentements en vigueur
}
lc-withdrawn-on = retiré le
lc-withdraw-consent = Retirer ce consentement
lc-record-consent = Enregistrer le consentement

lc-field-held-on = Date de la séance
lc-field-language = Langue
lc-hint-language = Code ISO 639, par ex. ar, fr, en, prs.
lc-field-interpreter = Un interprète était présent
lc-field-sheet = Version de la fiche d'information
lc-hint-sheet = Telle qu'imprimée sur la fiche remise, par ex. { $example }.
lc-field-topics = Sujets abordés
lc-field-questions = Questions posées par le ménage, dans leurs mots
lc-field-role = Qui consent
lc-field-method = Forme
lc-field-given-on = Date du consentement
lc-field-coercion = Indicateur
lc-field-member = Membre
lc-field-observed-on = Date de l'observation
lc-field-note = Note
lc-field-screened-on = Date du dépistage
lc-field-stage = Niveau
lc-field-follows = Fait suite au dépistage rapide
lc-field-factors = Facteurs de risque et de protection
lc-field-domains = Domaines de préoccupation
lc-field-rating = Intervention nécessaire :
lc-field-assessed-on = Date de l'évaluation
lc-field-risk-found = Un risque a été constaté
lc-field-mitigable = Le risque peut être atténué
lc-field-mitigation = Comment le risque est atténué
lc-field-child = Enfant
lc-field-decided-on = Date de la décision
lc-field-bi-kind = Procédure
lc-field-bi-outcome = Conclusion
lc-field-options = Solutions durables comparées
lc-field-child-heard = L'enfant a été entendu
lc-field-legal-representation = L'enfant avait une représentation juridique
lc-field-panel = Membres du comité
lc-hint-panel = Une détermination est prise par un comité d'au moins trois personnes.
lc-field-review-on = Réexamen au plus tard le (AAAA-MM-JJ)
lc-hint-review-on = Obligatoire pour une détermination.
lc-field-hold = Suspension
lc-field-suspensive = Suspend le retour tant qu'elle est pendante
lc-field-placed-on = Date de la suspension
lc-field-appeal-pending = Un recours est pendant
lc-field-waiver = Motif de la levée du délai de réflexion
lc-field-why = Pourquoi, dans vos mots
lc-field-resolution = Ce que l'examen a constaté, ou pourquoi la suspension est levée

record-counselling = Séance de conseil
record-coercion_indicator = Indicateur de contrainte
record-vulnerability_screening = Dépistage de la vulnérabilité
record-risk_assessment = Évaluation individuelle des risques
record-best_interests = Intérêt supérieur d'un enfant
record-hold = Suspension
record-cooling_off_waiver = Levée du délai de réflexion (superviseur)
record-removal_decision = Décision d'éloignement (retour forcé)

topic-safety_at_destination = Sécurité à destination
topic-area_status = Statut de la zone
topic-housing = Logement
topic-livelihoods = Moyens de subsistance
topic-documentation = Documents
topic-health_care = Soins de santé
topic-education = Éducation
topic-reintegration_assistance = Aide à la réintégration
topic-alternatives = Alternatives au retour
topic-right_to_withdraw = Le droit de renoncer
topic-travel = Voyage

coercion-decision_in_detention = Décision prise en rétention
coercion-time_pressure = Pression du temps
coercion-threats_or_loss_of_benefits = Menaces ou perte de prestations
coercion-conditional_incentives = Incitations conditionnelles
coercion-misinformation = Désinformation
coercion-family_or_community_pressure = Pression de la famille ou de la communauté
coercion-no_alternatives_explained = Aucune alternative expliquée
coercion-capacity_in_doubt = Capacité de décider douteuse

factor-unaccompanied_or_separated_child = Enfant non accompagné ou séparé (risque)
factor-pregnancy = Grossesse (risque)
factor-gbv_survivor = Survivante ou survivant de violences fondées sur le genre (risque)
factor-trafficking_victim = Victime de traite (risque)
factor-serious_medical_condition = Problème de santé grave (risque)
factor-disability = Handicap (risque)
factor-older_person = Personne âgée (risque)
factor-lgbti = LGBTI (risque)
factor-violence_in_transit = Violences pendant le trajet (risque)
factor-international_protection_needs = Besoins de protection internationale (risque)
factor-family_support = Soutien familial (protection)
factor-community_ties = Liens communautaires (protection)
factor-livelihood = Moyens de subsistance (protection)
factor-documents_held = Documents détenus (protection)
factor-other = Autre

domain-child = Enfant
domain-sex_gender_orientation = Sexe, genre, orientation
domain-health_and_welfare = Santé et bien-être
domain-protection_needs = Besoins de protection
domain-other = Autre

rating-low = Faible
rating-medium = Moyenne
rating-high = Élevée

stage-rapid = Dépistage rapide
stage-full = Dépistage complet

bi-kind-assessment = Évaluation de l'intérêt supérieur
bi-kind-determination = Détermination de l'intérêt supérieur (comité)
bi-outcome-return_in_best_interests = Le retour est dans l'intérêt supérieur de l'enfant
bi-outcome-return_not_in_best_interests = Le retour n'est pas dans l'intérêt supérieur de l'enfant
bi-outcome-deferred = Reportée

solution-return = Retour
solution-local_integration = Intégration locale
solution-resettlement = Réinstallation
solution-family_reunification = Regroupement familial

hold-pending_appeal = Recours pendant
hold-pending_court_decision = Décision de justice attendue
hold-grievance = Réclamation
hold-other = Autre

waiver-medical_urgency = Urgence médicale
waiver-family_reunification = Regroupement familial
waiver-safety_in_host_country = Sécurité dans le pays d'accueil
waiver-returnee_request_after_counselling = Demande de la personne après le conseil

consent-role-own = Pour elle-même
consent-role-assent = Assentiment de l'enfant
consent-role-guardian = Un parent ou tuteur, pour l'enfant
consent-method-written = Écrit
consent-method-oral = Oral
consent-method-digital = Numérique
consent-purpose-return = Retour
consent-purpose-follow_up_monitoring = Suivi après le retour
consent-purpose-data_sharing = Partage de données
lc-out-of-scope = La route du retour et ses enregistrements ne sont montrés qu'à l'équipe qui suit le dossier.

lc-yes = oui
lc-no = non
event-case-transitioned = Le dossier a franchi une étape
event-case-recorded = Enregistrement de garantie ajouté
event-case-record_resolved = Enregistrement de garantie traité
event-case-assigned = Dossier attribué
event-case-sensitivity_set = Sensibilité signalée
event-case-closed = Dossier clos
event-consent-given = Consentement donné
event-consent-withdrawn = Consentement retiré
work-task-best_interests_due = Procédure d'intérêt supérieur à ouvrir (un dépistage a signalé un enfant)

forced-alerts-title = Retours forcés : alertes sur les droits
forced-alerts-intro = { $count ->
    [one] { $count } retour forcé est suivi. Rien n'est bloqué ; chaque garantie non respectée est signalée et comptée.
   *[other] { $count } retours forcés sont suivis. Rien n'est bloqué ; chaque garantie non respectée est signalée et comptée.
}
forced-alerts-none = Aucun retour forcé n'a avancé avec une alerte.
forced-alerts-rule = Alerte
forced-alerts-cases = Retours forcés
rule-label-age_known = Âge inconnu
rule-label-counselled = Pas de conseil
rule-label-counselling_interpreter = Conseil non compris
rule-label-consent_return = Consentement au retour manquant
rule-label-consent_language = Consentement dans une langue non parlée
rule-label-child_consent = Consentement ou assentiment d'un enfant manquant
rule-label-recounselling = Destination changée depuis le conseil
rule-label-cooling_off = Délai de réflexion non écoulé
rule-label-destination_unsafe = Destination dangereuse
rule-label-destination_conditional = Destination sous conditions sans risque atténuable
rule-label-destination_unassessed = Destination non évaluée ou données trop anciennes
rule-label-coercion_open = Indicateur de contrainte ouvert
rule-label-suspensive_hold = Recours ou suspension en attente
rule-label-best_interests = Intérêt supérieur de l'enfant non établi
rule-label-child_detention = Enfant en rétention administrative
rule-label-screening_due = Dépistage de suivi à faire
