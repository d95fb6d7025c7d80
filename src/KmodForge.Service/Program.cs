// The build service (POST /build, GET /status/{id}, GET /healthz) is built in issue 8.
return 0;
