// The Cake host is written in build/Host (see docs/cake-host.md).
return 0;
