// The driver loader is built in issue 9.
return 0;
