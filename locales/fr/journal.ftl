# Les têtes signées du journal, les preuves et les témoins (issue 11).

error-journal-no-head = Le nœud n’a signé aucune tête de cette taille.
error-journal-size = En dehors du journal signé : tailles et entrées commencent à 1 et finissent à la taille de la tête.
error-journal-leaves-limit = Entre 1 et 10 000 feuilles à la fois.

# La page publique des têtes signées.
footer-journal = Les têtes signées du journal de ce nœud
journal-heads-title = Têtes signées du journal
journal-heads-intro = Tout ce que ce nœud enregistre entre dans un journal qu’on ne peut pas modifier sans que cela se voie. Voici ce que le nœud a signé : la taille de chaque journal et son empreinte (racine). Chacun peut les conserver et vérifier plus tard que le journal du nœud les contient toujours.
journal-heads-none = Le nœud n’a encore rien signé.
col-journal-tree = Journal
col-journal-size = Entrées
col-journal-root = Racine (empreinte)
col-journal-signed = Signée
journal-tree-journal = Journal des modifications
journal-tree-access-log = Journal des lectures de données personnelles
journal-key-title = La clé qui signe
journal-key-id = Identifiant de la clé
journal-key-public = Clé publique
journal-witness-title = Garder le nœud honnête
journal-witness-how = Un auditeur, un médiateur ou une autre organisation peut faire tourner un témoin sur son propre ordinateur. Il garde chaque tête qu’il voit et vérifie que le journal du nœud les prolonge toujours ; un journal réécrit ou raccourci ne passe pas.
