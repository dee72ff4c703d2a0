// Filled by issue 2.
