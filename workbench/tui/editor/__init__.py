"""The editor's parts: :class:`~workbench.tui.screens.editor.EditorScreen` lays them out and
forwards its keys to them.

* :mod:`.visits` - time on a segment: one visit per enter/leave, the first edit of any origin;
* :mod:`.mt_pane` - the MT as a read-only text area (focus it, select from the keyboard);
* :mod:`.panels` - memory, offers, findings and diff under the texts, sharing the rows by need;
* :mod:`.find_replace` - ctrl+f: the matches listed, replace here / next / all, off the UI thread;
* :mod:`.filtering` - f4: the filter, searched off the UI thread with a deadline;
* :mod:`.memory` - memory matches and the concordance;
* :mod:`.exporting` - ctrl+e: the export dialog and the export worker;
* :mod:`.checks` - QA of the segment being edited and the list's markers;
* :mod:`.status` - what the status line says;
* :mod:`.team` - a project in a team store: segments taken and locked, the others live,
  reconnecting.
"""
