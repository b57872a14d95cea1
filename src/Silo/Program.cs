// Placeholder entry point so the Silo project builds on the `storage` branch before the host lands.
// The host branch's Program.cs replaces this file on merge: take theirs.
return 0;
