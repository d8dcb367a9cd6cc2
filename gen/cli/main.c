#include <stdio.h>
int main(void) { puts("hyoka " HYOKA_VERSION); return 0; }
