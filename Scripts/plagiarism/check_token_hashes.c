// Checks that the plagiarism detector's token hashes are injective over the vocabulary: the 320 word
// hashes (FNV-1a | 1<<63) and all 320^3 trigram hashes (SubmissionVocabulary.trigram) are distinct.
// Sources/Simulation/Plagiarism/SubmissionTokenSet.swift relies on it. Run: cc -O2 check_token_hashes.c && ./a.out
// (about 262 MB, a few seconds). Result at commit time: trigrams 32768000 duplicates 0; words 320 duplicates 0.
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
static const char *stems[] = {"lemma", "proof", "bound", "case", "graph", "node", "value", "set", "map", "state", "claim", "step",
        "limit", "sum", "term", "index", "order", "factor", "root", "path", "edge", "cycle", "prime", "ratio",
        "model", "cause", "effect", "sample", "test", "hypothesis", "constraint", "payoff", "policy", "agent",
        "input", "output", "loop", "branch", "invariant", "estimate"};
static const char *forms[] = {"", "s", "ed", "ing", "-first", "-second", "-prime", "-star"};
static uint64_t fnv(const char*s){uint64_t h=0xCBF29CE484222325ULL; for(;*s;s++){h^=(unsigned char)*s; h*=0x00000100000001B3ULL;} return h;}
static uint64_t mix(uint64_t x){uint64_t z=x+0x9E3779B97F4A7C15ULL; z=(z^(z>>30))*0xBF58476D1CE4E5B9ULL; z=(z^(z>>27))*0x94D049BB133111EBULL; return z^(z>>31);}
static int cmp(const void*a,const void*b){uint64_t x=*(uint64_t*)a,y=*(uint64_t*)b; return x<y?-1:x>y;}
int main(){ uint64_t w[320]; char buf[64]; int n=0;
 for(int i=0;i<40;i++)for(int j=0;j<8;j++){snprintf(buf,64,"%s%s",stems[i],forms[j]); w[n++]=fnv(buf)|(1ULL<<63);}
 uint64_t *t=malloc(sizeof(uint64_t)*320*320*320); size_t k=0;
 for(int a=0;a<320;a++){uint64_t ha=mix(w[a]); for(int b=0;b<320;b++){uint64_t hb=mix(ha^w[b]); for(int c=0;c<320;c++) t[k++]=mix(hb^w[c])&~(1ULL<<63);}}
 qsort(t,k,8,cmp); size_t d=0; for(size_t i=1;i<k;i++) if(t[i]==t[i-1]) d++;
 qsort(w,320,8,cmp); size_t dw=0; for(int i=1;i<320;i++) if(w[i]==w[i-1]) dw++;
 printf("trigrams %zu duplicates %zu; words 320 duplicates %zu; first word %016llx\n",k,d,dw,(unsigned long long)w[0]); }
