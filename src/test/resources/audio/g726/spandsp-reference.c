#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>
#include <spandsp.h>
int main(){
  int n=8000; int16_t *pcm=malloc(n*2); uint8_t *codes=malloc(n); int16_t *dec=malloc(n*2);
  srand(7);
  for(int i=0;i<n;i++){ double t=i/8000.0; double v=3000*sin(2*M_PI*440*t)+2000*sin(2*M_PI*1209*t)*(i%8000<1600)+2000*sin(2*M_PI*697*t)*(i%8000<1600)+ (rand()%2001-1000); if(i>5000&&i<6000) v*=3; if(v>32767)v=32767; if(v<-32768)v=-32768; pcm[i]=(int16_t)v; }
  g726_state_t *e=g726_init(NULL,16000,G726_ENCODING_LINEAR,G726_PACKING_NONE);
  int m=g726_encode(e,codes,pcm,n);
  g726_state_t *d=g726_init(NULL,16000,G726_ENCODING_LINEAR,G726_PACKING_NONE);
  int k=g726_decode(d,dec,codes,m);
  FILE*f=fopen("pcm.raw","wb");fwrite(pcm,2,n,f);fclose(f);
  f=fopen("codes.raw","wb");fwrite(codes,1,m,f);fclose(f);
  f=fopen("dec.raw","wb");fwrite(dec,2,k,f);fclose(f);
  /* packing check: LEFT vs RIGHT for the first 8 codes */
  uint8_t packed[4]; g726_state_t *e2=g726_init(NULL,16000,G726_ENCODING_LINEAR,G726_PACKING_LEFT); g726_encode(e2,packed,pcm,16);
  printf("m=%d k=%d first codes: %d %d %d %d left-packed byte0=%02x\n",m,k,codes[0],codes[1],codes[2],codes[3],packed[0]);
  return 0;}
