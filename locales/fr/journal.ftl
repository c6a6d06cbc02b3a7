# Les têtes signées du journal, les preuves et les témoins (issue 11).

error-journal-no-head = Le nœud n’a signé aucune tête de cette taille.
error-journal-size = En dehors du journal signé : tailles et entrées commencent à 1 et finissent à la taille de la tête.
error-journal-leaves-limit = Entre 1 et 10 000 feuilles à la fois.
