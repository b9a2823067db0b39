// Debian's libpcap-dev (make setup installs it).
#include <pcap/pcap.h>
#include <stdio.h>
