package org.stackbake.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.image.RepositoryDigest;

@Tag("unit")
class DnfRepositoriesTest {
    /** dnf 4's `dnf -v repolist --enabled`, trimmed: a mirror-list repository, a baseurl one, debug lines. */
    static final String REPOLIST = """
            Loaded plugins: builddep, changelog, config-manager, copr, debug, download
            DNF version: 4.14.0
            cachedir: /var/cache/dnf
            Repo-id            : appstream
            Repo-name          : Rocky Linux 9 - AppStream
            Repo-revision      : 1733400000
            Repo-updated       : Thu 05 Dec 2026 12:00:00 PM UTC
            Repo-pkgs          : 5,891
            Repo-mirrors       : https://mirrors.rockylinux.org/mirrorlist?arch=x86_64&repo=AppStream-9
            Repo-baseurl       : https://mirror.example.org/rocky/9.6/AppStream/x86_64/os/ (9 more)
            Repo-expire        : 86,400 second(s) (last: Sun 06 Dec 2026 10:00:00 PM UTC)
            Repo-filename      : /etc/yum.repos.d/rocky.repo

            Repo-id            : stackbake-openstack
            Repo-name          : openstack
            Repo-baseurl       : https://rpm.example.com/openstack/el9/
            Repo-filename      : /etc/yum.repos.d/stackbake-openstack.repo
            Total packages: 6,000
            """;

    @Test
    void eachRepositorysUrlIsTheFirstBaseurlOrTheMirrorDnfChose() {
        assertEquals(Map.of("appstream", "https://mirror.example.org/rocky/9.6/AppStream/x86_64/os/",
                "stackbake-openstack", "https://rpm.example.com/openstack/el9/"), DnfRepositories.urls(REPOLIST));
    }

    @Test
    void cachedRepomdDigestsAreJoinedToRepositoriesByTheirCacheDirectory() {
        String sha256sum = """
                aaaa  /var/cache/dnf/stackbake-openstack-0123456789abcdef/repodata/repomd.xml
                bbbb  /var/cache/dnf/appstream-fedcba9876543210/repodata/repomd.xml
                cccc  /var/cache/dnf/disabled-thing-0000000000000000/repodata/repomd.xml
                """;

        assertEquals(List.of(
                new RepositoryDigest("appstream", "https://mirror.example.org/rocky/9.6/AppStream/x86_64/os/", "bbbb"),
                new RepositoryDigest("stackbake-openstack", "https://rpm.example.com/openstack/el9/", "aaaa")),
                DnfRepositories.digests(DnfRepositories.urls(REPOLIST), sha256sum));
        assertEquals("https://rpm.example.com/openstack/el9/repodata/repomd.xml",
                new RepositoryDigest("x", "https://rpm.example.com/openstack/el9", "aaaa").repomdUrl());
    }
}
