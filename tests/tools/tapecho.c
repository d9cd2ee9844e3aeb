/*
 * tapecho (make bench): the fastest a program on the Host can answer a ping through a TAP
 * device, with no Guest behind it.  It creates the TAP device NAME and answers, in one thread,
 * the ARP requests and ICMP echo requests for the IPv4 address IP, each with one read() and
 * one write(), until it is killed.  make bench pings it beside the Guest and loopback: what
 * separates it from loopback is the TAP device and one wake-up, which any Launcher pays; what
 * separates the Guest from it is the Guest and the Launcher.
 *
 * Usage: tapecho NAME IP
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const uint8_t my_mac[6] = { 0x02, 0, 0, 0, 0xec, 0x40 };

/* The Internet checksum of LEN bytes at P (LEN even). */
static uint16_t checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Turn the ARP request in F (LEN bytes) for MY_IP into its answer; 0 if it is not one. */
static int answer_arp(uint8_t *f, size_t len, const uint8_t my_ip[4])
{
	if (len < 42 || f[12] != 0x08 || f[13] != 0x06 || f[21] != 1 || memcmp(f + 38, my_ip, 4))
		return 0;
	memcpy(f, f + 6, 6);
	memcpy(f + 6, my_mac, 6);
	f[21] = 2;				/* a reply */
	memcpy(f + 32, f + 22, 10);		/* the asker becomes the target */
	memcpy(f + 22, my_mac, 6);
	memcpy(f + 28, my_ip, 4);
	return 1;
}

/* Turn the ICMP echo request in F (LEN bytes) to MY_IP into its reply; 0 if it is not one. */
static int answer_ping(uint8_t *f, size_t len, const uint8_t my_ip[4])
{
	size_t ihl, total;
	uint16_t sum;

	if (len < 34 || f[12] != 0x08 || f[13] != 0x00 || (f[14] >> 4) != 4 || f[23] != 1 ||
	    memcmp(f + 30, my_ip, 4))
		return 0;
	ihl = (size_t)(f[14] & 15) * 4;
	total = (size_t)(f[16] << 8 | f[17]);
	if (ihl < 20 || total < ihl + 8 || 14 + total > len || f[14 + ihl] != 8 || (total - ihl) % 2)
		return 0;
	memcpy(f, f + 6, 6);
	memcpy(f + 6, my_mac, 6);
	memcpy(f + 30, f + 26, 4);		/* the sender becomes the destination */
	memcpy(f + 26, my_ip, 4);		/* (the IP checksum does not change) */
	f[14 + ihl] = 0;			/* echo reply */
	f[14 + ihl + 2] = f[14 + ihl + 3] = 0;
	sum = checksum(f + 14 + ihl, total - ihl);
	f[14 + ihl + 2] = (uint8_t)(sum >> 8);
	f[14 + ihl + 3] = (uint8_t)sum;
	return 1;
}

int main(int argc, char *argv[])
{
	uint8_t frame[2048], my_ip[4];
	struct ifreq ifr;
	ssize_t n;
	int fd;

	if (argc != 3 || strlen(argv[1]) >= IFNAMSIZ || inet_pton(AF_INET, argv[2], my_ip) != 1) {
		fprintf(stderr, "usage: tapecho NAME IP\n");
		return 2;
	}
	fd = open("/dev/net/tun", O_RDWR);
	if (fd < 0) {
		perror("tapecho: /dev/net/tun");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	strcpy(ifr.ifr_name, argv[1]);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		perror("tapecho: TUNSETIFF");
		return 1;
	}
	while ((n = read(fd, frame, sizeof(frame))) > 0)
		if (answer_arp(frame, (size_t)n, my_ip) || answer_ping(frame, (size_t)n, my_ip))
			if (write(fd, frame, (size_t)n) != n)
				perror("tapecho: write");
	perror("tapecho: read");
	return 1;
}
