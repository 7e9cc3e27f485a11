// ofs_other_client truncate PATH SIZE | remove PATH: what another client
// of the file system does, through libpvfs2 straight to the servers,
// bypassing this machine's orangefs.ko and pvfs2-client-core and their
// caches.  PATH is a file under a pvfs2tab mount point (PVFS2TAB_FILE).
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pvfs2.h>
#include <pvfs2-util.h>

static int lookup(PVFS_fs_id fs_id, char *path, const PVFS_credential *cred,
		  PVFS_object_ref *ref)
{
	PVFS_sysresp_lookup resp;
	int ret;

	memset(&resp, 0, sizeof(resp));
	ret = PVFS_sys_lookup(fs_id, path, cred, &resp,
			      PVFS2_LOOKUP_LINK_NO_FOLLOW, NULL);
	if (ret) {
		PVFS_perror("PVFS_sys_lookup", ret);
		return ret;
	}
	*ref = resp.ref;
	return 0;
}

int main(int argc, char **argv)
{
	char fs_path[PVFS_NAME_MAX], dir[PVFS_NAME_MAX], name[PVFS_NAME_MAX];
	PVFS_credential cred;
	PVFS_object_ref ref;
	PVFS_fs_id fs_id;
	int ret;

	if (!(argc == 4 && !strcmp(argv[1], "truncate")) &&
	    !(argc == 3 && !strcmp(argv[1], "remove"))) {
		fprintf(stderr, "usage: %s truncate PATH SIZE | remove PATH\n", argv[0]);
		return 2;
	}
	ret = PVFS_util_init_defaults();
	if (!ret)
		ret = PVFS_util_resolve(argv[2], &fs_id, fs_path, sizeof(fs_path));
	if (ret) {
		PVFS_perror("init or resolve", ret);
		return 1;
	}
	PVFS_util_gen_credential_defaults(&cred);
	if (!strcmp(argv[1], "truncate")) {
		ret = lookup(fs_id, fs_path, &cred, &ref);
		if (!ret)
			ret = PVFS_sys_truncate(ref, strtoll(argv[3], NULL, 10), &cred, NULL);
	} else {
		snprintf(dir, sizeof(dir), "%s", fs_path);
		snprintf(name, sizeof(name), "%s", basename(fs_path));
		ret = lookup(fs_id, dirname(dir), &cred, &ref);
		if (!ret)
			ret = PVFS_sys_remove(name, ref, &cred, NULL);
	}
	if (ret)
		PVFS_perror(argv[1], ret);
	PVFS_sys_finalize();
	return ret ? 1 : 0;
}
