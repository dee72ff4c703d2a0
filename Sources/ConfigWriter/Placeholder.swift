// Filled by its issue; see DEVELOPERS.md.
