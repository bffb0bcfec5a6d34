"""Two devices, one log: sync through a folder the person already shares (Syncthing, Dropbox,
a USB stick). ``clock`` orders changes, ``merge`` decides which version of a record wins,
``crypto`` seals what goes into the folder, ``folder`` lays out and reads its files, and
``exchange`` moves records between the database and the folder.

Nothing here is imported by the everyday commands: only `glutelog sync` and the sync settings.
"""
